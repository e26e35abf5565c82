-- A website's notification, for its status endpoint.
SELECT id, template_id, destination, channel, status, code, provider_message_id, attempts, next_attempt_at, reply_error,
       created_at, updated_at
FROM notifications
WHERE website_id = :#websiteId AND id = :#notificationId

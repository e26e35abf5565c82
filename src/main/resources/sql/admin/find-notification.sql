SELECT id, website_id, template_id, destination, channel, status, code, provider_message_id, error, reply_error,
       created_at, updated_at
FROM notifications WHERE id = :notificationId

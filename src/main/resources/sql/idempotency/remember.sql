UPDATE idempotency_keys SET response_json = :response
WHERE website_id = :websiteId AND idempotency_key = :key AND notification_id = :notificationId

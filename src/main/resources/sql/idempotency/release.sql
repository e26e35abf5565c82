DELETE FROM idempotency_keys
WHERE website_id = :websiteId AND idempotency_key = :key AND notification_id = :notificationId

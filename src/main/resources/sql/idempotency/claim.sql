INSERT INTO idempotency_keys (website_id, idempotency_key, notification_id, created_at)
VALUES (:websiteId, :key, :notificationId, :now)

INSERT INTO idempotency_keys (website_id, idempotency_key, notification_id, owner, created_at)
VALUES (:websiteId, :key, :notificationId, :owner, :now)

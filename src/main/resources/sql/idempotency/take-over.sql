-- A stale claim whose notification was never recorded: its request died before anything was sent.
UPDATE idempotency_keys SET notification_id = :notificationId, created_at = :now
WHERE website_id = :websiteId AND idempotency_key = :key AND notification_id = :previousNotificationId
  AND response_json IS NULL

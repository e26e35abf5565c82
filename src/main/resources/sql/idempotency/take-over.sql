-- A claim whose notification was never recorded and whose process is gone (its lease lapsed, or the claim is stale):
-- its request died before anything was sent. The previous notification id lets only one of two takers have it.
UPDATE idempotency_keys SET notification_id = :notificationId, owner = :owner, created_at = :now
WHERE website_id = :websiteId AND idempotency_key = :key AND notification_id = :previousNotificationId
  AND response_json IS NULL

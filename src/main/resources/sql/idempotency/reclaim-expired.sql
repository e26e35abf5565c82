-- An expired key is reused; the created_at condition lets only one of two racing requests take it.
UPDATE idempotency_keys SET notification_id = :notificationId, response_json = NULL, owner = :owner, created_at = :now
WHERE website_id = :websiteId AND idempotency_key = :key AND created_at = :previous

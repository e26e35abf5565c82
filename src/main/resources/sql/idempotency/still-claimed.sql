-- Whether this request still holds its key: a process that lost its lease finds its claim taken over, and sends nothing.
SELECT COUNT(*) FROM idempotency_keys
WHERE website_id = :websiteId AND idempotency_key = :key AND notification_id = :notificationId

SELECT notification_id, response_json, owner, created_at FROM idempotency_keys
WHERE website_id = :websiteId AND idempotency_key = :key

-- The newest creation time among the :limit oldest keys past their retention: the next batch's cutoff (null: none).
SELECT MAX(created_at) FROM (
    SELECT created_at FROM idempotency_keys WHERE created_at < :before ORDER BY created_at LIMIT :limit) oldest

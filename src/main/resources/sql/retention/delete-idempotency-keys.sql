-- Idempotency keys past their retention (hsm.retention.idempotency-keys-hours, never under their 24-hour window).
DELETE FROM idempotency_keys
WHERE (website_id, idempotency_key) IN (
    SELECT website_id, idempotency_key FROM idempotency_keys WHERE created_at < :before LIMIT :limit)

-- Idempotency keys past their retention (hsm.retention.idempotency-keys-hours, never under their 24-hour window), up
-- to the batch's cutoff (oldest-idempotency-keys.sql): a range on idempotency_keys_created, on H2 and PostgreSQL alike.
DELETE FROM idempotency_keys WHERE created_at <= :cutoff

-- Per-website override of hsm.throttle.per-number (messages per second per WhatsApp number; 0 = no limit).
ALTER TABLE websites ADD COLUMN throttle_per_second INTEGER;

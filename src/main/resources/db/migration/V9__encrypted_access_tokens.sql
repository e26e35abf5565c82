-- Access tokens are stored encrypted ("v1:" + base64 of IV, ciphertext and tag: about 4/3 of the token plus
-- 40 characters), so the column grows to hold the longest token the admin API accepts (1024) encrypted.
-- The tokens themselves are encrypted at start-up by AccessTokenMigration (it needs the key, Flyway does not
-- have it). Portable SQL: PostgreSQL and H2 both read SET DATA TYPE.
ALTER TABLE websites ALTER COLUMN access_token SET DATA TYPE VARCHAR(2048);

INSERT INTO api_keys (id, website_id, key_hash, key_prefix, created_at)
VALUES (:keyId, :websiteId, :keyHash, :keyPrefix, CURRENT_TIMESTAMP)

SELECT id, key_prefix, created_at FROM api_keys WHERE website_id = :websiteId ORDER BY created_at, id

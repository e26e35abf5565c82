DELETE FROM api_keys WHERE website_id = :websiteId AND id = :keyId

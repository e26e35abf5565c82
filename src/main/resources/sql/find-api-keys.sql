-- Stored key hashes of a website; the presented key is compared with each in constant time.
SELECT key_hash FROM api_keys WHERE website_id = :#websiteId

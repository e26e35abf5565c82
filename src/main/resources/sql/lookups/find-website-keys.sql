-- A website's stored api key hashes: a row per key, one row with a null hash when it has none, no row when the
-- website does not exist (a door that grants the website, e.g. its drop folder, needs only that it exists).
SELECT k.key_hash
FROM websites w
LEFT JOIN api_keys k ON k.website_id = w.id
WHERE w.id = :websiteId

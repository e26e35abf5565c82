SELECT id, callback_url FROM websites WHERE id = :websiteId

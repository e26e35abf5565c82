SELECT id, name, phone_number_id, created_at, updated_at FROM websites WHERE id = :websiteId

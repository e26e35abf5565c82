DELETE FROM websites WHERE id = :websiteId

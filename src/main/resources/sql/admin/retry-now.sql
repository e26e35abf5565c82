UPDATE notifications SET next_attempt_at = :now
WHERE status = 'RETRYING' AND (CAST(:websiteId AS VARCHAR(64)) IS NULL OR website_id = :websiteId)

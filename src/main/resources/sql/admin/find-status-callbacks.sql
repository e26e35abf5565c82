SELECT id, website_id, notification_id, state, attempts, next_attempt_at, last_error, payload, created_at, updated_at
FROM status_callbacks
WHERE (CAST(:websiteId AS VARCHAR(64)) IS NULL OR website_id = :websiteId)
  AND (CAST(:state AS VARCHAR(16)) IS NULL OR state = :state)
ORDER BY created_at, id
OFFSET :offset ROWS FETCH NEXT :limit ROWS ONLY

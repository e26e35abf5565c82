SELECT id, website_id, template_id, destination, channel, status, code, provider_message_id, error, reply_error,
       created_at, updated_at
FROM notifications
WHERE (CAST(:websiteId AS VARCHAR(64)) IS NULL OR website_id = :websiteId)
  AND (CAST(:status AS VARCHAR(16)) IS NULL OR status = :status)
ORDER BY created_at, id
OFFSET :offset ROWS FETCH NEXT :limit ROWS ONLY

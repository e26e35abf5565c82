SELECT id, notification_id, website_id, channel, template_id, destination, error_code, last_error, attempts,
       created_at, replayed_at, replay_notification_id, replay_code
FROM dead_letters
WHERE (CAST(:websiteId AS VARCHAR(64)) IS NULL OR website_id = :websiteId)
  AND (CAST(:channel AS VARCHAR(32)) IS NULL OR channel = :channel)
  AND (CAST(:since AS TIMESTAMP) IS NULL OR created_at >= :since)
ORDER BY created_at, id
OFFSET :offset ROWS FETCH NEXT :limit ROWS ONLY

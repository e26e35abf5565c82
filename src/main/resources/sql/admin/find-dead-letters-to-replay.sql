-- The page a bulk replay takes: only dead letters never replayed (a replayed one is never replayed again by a bulk
-- call), so calling it again takes the next ones. Each is still claimed one by one before it is sent.
SELECT id
FROM dead_letters
WHERE replayed_at IS NULL
  AND (CAST(:websiteId AS VARCHAR(64)) IS NULL OR website_id = :websiteId)
  AND (CAST(:channel AS VARCHAR(32)) IS NULL OR channel = :channel)
  AND (CAST(:since AS TIMESTAMP) IS NULL OR created_at >= :since)
ORDER BY created_at, id
OFFSET :offset ROWS FETCH NEXT :limit ROWS ONLY

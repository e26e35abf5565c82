-- Finished notifications past their retention. Never one still to be sent or being sent (PENDING, RETRYING,
-- SENDING, or any state a later version adds: only these finished ones are listed), nor one a dead letter still
-- names (kept until the dead letter is replayed and purged, or deleted).
SELECT n.id FROM notifications n
WHERE n.created_at < :before
  AND n.status IN ('SENT', 'DELIVERED', 'READ', 'FAILED', 'UNKNOWN', 'REJECTED')
  AND NOT EXISTS (SELECT 1 FROM dead_letters d WHERE d.notification_id = n.id)
LIMIT :limit

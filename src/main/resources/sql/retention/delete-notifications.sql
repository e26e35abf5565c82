-- The notifications themselves (their request and payload are columns of theirs), checked again in the statement:
-- still finished, and still named by no dead letter.
DELETE FROM notifications
WHERE id IN (:ids) AND status IN ('SENT', 'DELIVERED', 'READ', 'FAILED', 'UNKNOWN', 'REJECTED')
  AND NOT EXISTS (SELECT 1 FROM dead_letters d WHERE d.notification_id = notifications.id)

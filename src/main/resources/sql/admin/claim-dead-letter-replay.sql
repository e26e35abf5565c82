-- Claims a dead letter for replay and marks it replayed, in one statement (one transaction), before its request is
-- sent: of two bulk calls, two nodes or an explicit replay at the same time, one updates the row, the others find it
-- claimed. :previous is null for a first replay; for an explicit replay again (again=true), the replayed_at read
-- just before, so two "again" calls at the same time still replay it once.
UPDATE dead_letters SET replayed_at = :now, replay_notification_id = NULL, replay_code = 'IN_PROGRESS'
WHERE id = :id
  AND ((CAST(:previous AS TIMESTAMP) IS NULL AND replayed_at IS NULL) OR replayed_at = :previous)

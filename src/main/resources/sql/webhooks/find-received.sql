-- Statuses not applied yet (left by a crash, by another node, or whose message id was not known yet), 100 at a time:
-- those past the wait for their message id first (settled in one try), then those tried least, so statuses of
-- messages we never sent (another system on the same number) hold back neither new statuses nor their own ending.
SELECT id
FROM delivery_statuses
WHERE state = 'RECEIVED'
ORDER BY CASE WHEN received_at < :#unmatchedBefore THEN 0 ELSE 1 END, attempts, received_at
FETCH FIRST 100 ROWS ONLY

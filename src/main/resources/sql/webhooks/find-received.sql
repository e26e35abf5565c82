-- Statuses not applied yet (left by a crash, by another node, or whose message id was not known yet), those
-- tried least first: statuses of messages we never sent wait out their deadline without holding back new ones.
SELECT id
FROM delivery_statuses
WHERE state = 'RECEIVED'
ORDER BY attempts, received_at
FETCH FIRST 100 ROWS ONLY

-- First statement of the transaction that applies a status: the row lock it takes makes another node's claim of
-- the same row wait for this transaction, then find it no longer RECEIVED (update count 0), so it is applied once.
UPDATE delivery_statuses SET claim_token = :#token, attempts = attempts + 1
WHERE id = :#id AND state = 'RECEIVED'

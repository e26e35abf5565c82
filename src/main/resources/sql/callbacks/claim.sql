-- Claims a due callback for this node. Another node's claim, or an attempt it already recorded (attempts moved on,
-- next_attempt_at pushed back), makes this update count 0: each attempt is made by one node only.
UPDATE status_callbacks SET state = 'SENDING', claim_token = :#token, updated_at = CURRENT_TIMESTAMP
WHERE id = :#id AND state = 'DUE' AND attempts = :#attempts AND next_attempt_at <= :#now

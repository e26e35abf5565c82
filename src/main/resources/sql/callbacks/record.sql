-- Records an attempt of a claimed callback: DELIVERED, DUE again at next_attempt_at, or DEAD. Only the claim's
-- holder may: a node that lost its claim (it went stale and another node took the row) changes nothing.
UPDATE status_callbacks
SET state = :#state, attempts = :#attempts, next_attempt_at = :#nextAttemptAt, last_error = :#lastError,
    claim_token = NULL, updated_at = CURRENT_TIMESTAMP
WHERE id = :#id AND state = 'SENDING' AND claim_token = :#token

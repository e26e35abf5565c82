-- A dead (or delivered) callback is queued again, due now, its attempts counted from 0; one already queued or
-- being sent is left as it is.
UPDATE status_callbacks
SET state = 'DUE', attempts = 0, next_attempt_at = CURRENT_TIMESTAMP, last_error = NULL, claim_token = NULL,
    updated_at = CURRENT_TIMESTAMP
WHERE id = :callbackId AND state IN ('DEAD', 'DELIVERED')

-- A callback still SENDING long after any POST could have ended: its node died mid-call. It may have been received,
-- and is sent again (at least once: receivers dedupe by X-Hsm-Callback-Id); the lost attempt is not counted.
UPDATE status_callbacks SET state = 'DUE', claim_token = NULL, next_attempt_at = CURRENT_TIMESTAMP,
                            updated_at = CURRENT_TIMESTAMP
WHERE state = 'SENDING' AND updated_at < :#staleBefore

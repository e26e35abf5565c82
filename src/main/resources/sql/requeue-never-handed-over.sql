-- A PENDING or SENDING row whose process is gone (its lease lapsed) before its call began (waiting for the throttle or
-- an in-line retry): nothing was sent, so it is queued, due now, and sent once by whichever process claims it.
UPDATE notifications
SET status = 'RETRYING', next_attempt_at = :#now, claim_token = NULL, owner = NULL, updated_at = CURRENT_TIMESTAMP
WHERE status IN ('PENDING', 'SENDING') AND called_at IS NULL AND owner IS NOT NULL AND payload IS NOT NULL
  AND (updated_at < :#staleBefore
       OR owner NOT IN (SELECT process_id FROM process_leases WHERE renewed_at >= :#lapsedBefore))

-- A PENDING or SENDING row whose call had begun when its process went away (its lease lapsed; or, for a row of a
-- gateway from before leases, long after any call could have ended). It may have been sent, so it is not resent;
-- UNKNOWN until a status webhook (its biz_opaque_callback_data names it) or an operator settles it.
UPDATE notifications
SET status = 'UNKNOWN', error = 'the gateway stopped during the Cloud API call', claim_token = NULL, owner = NULL,
    updated_at = CURRENT_TIMESTAMP
WHERE status IN ('PENDING', 'SENDING') AND (called_at IS NOT NULL OR owner IS NULL)
  AND (updated_at < :#staleBefore
       OR (owner IS NOT NULL AND owner NOT IN (SELECT process_id FROM process_leases WHERE renewed_at >= :#lapsedBefore)))

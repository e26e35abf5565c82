-- A row still PENDING or SENDING long after any call could have ended: its node died mid-call.
-- It may have been sent, so it is not resent; UNKNOWN until a status webhook or an operator settles it.
UPDATE notifications
SET status = 'UNKNOWN', error = 'the gateway stopped during the Cloud API call', claim_token = NULL,
    updated_at = CURRENT_TIMESTAMP
WHERE status IN ('PENDING', 'SENDING') AND updated_at < :#staleBefore

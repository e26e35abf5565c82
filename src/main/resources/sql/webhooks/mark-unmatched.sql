-- No notification has this message id, and none got it in time: a message the gateway did not send (another
-- system on the same WhatsApp number) or one whose record is gone. Kept, never tried again.
UPDATE delivery_statuses SET state = 'UNMATCHED', claim_token = NULL, applied_at = CURRENT_TIMESTAMP
WHERE id = :#id AND claim_token = :#token

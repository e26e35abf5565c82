-- No notification has this message id yet (the Cloud API's answer may not be recorded yet): tried again later.
UPDATE delivery_statuses SET claim_token = NULL
WHERE id = :#id AND claim_token = :#token

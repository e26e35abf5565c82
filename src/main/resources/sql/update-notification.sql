-- The outcome of a notification recorded when it was handed over (or claimed as SENDING): nothing is in flight now.
UPDATE notifications
SET status = :#status, code = :#code, provider_message_id = :#providerMessageId, error = :#error,
    attempts = attempts + :#attempted, next_attempt_at = :#nextAttemptAt,
    payload = :#payload, request_json = :#requestJson, claim_token = NULL, owner = NULL, called_at = NULL,
    updated_at = CURRENT_TIMESTAMP
WHERE id = :#id

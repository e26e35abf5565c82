-- The outcome of a notification recorded as PENDING (or claimed as SENDING) before the Cloud API call.
UPDATE notifications
SET status = :#status, code = :#code, provider_message_id = :#providerMessageId, error = :#error,
    attempts = attempts + :#attempted, next_attempt_at = :#nextAttemptAt,
    payload = :#payload, request_json = :#requestJson, claim_token = NULL,
    updated_at = CURRENT_TIMESTAMP
WHERE id = :#id

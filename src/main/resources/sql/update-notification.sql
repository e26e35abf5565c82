-- The outcome of a notification recorded as PENDING before it was handed to the Cloud API.
UPDATE notifications
SET status = :#status, code = :#code, provider_message_id = :#providerMessageId, error = :#error,
    updated_at = CURRENT_TIMESTAMP
WHERE id = :#id

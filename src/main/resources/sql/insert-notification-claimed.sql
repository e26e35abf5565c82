-- The same, for a request that holds an idempotency key: written only while it still holds it. A process whose lease
-- lapsed may have seen its claim taken over by another, which sends the notification: then nothing is written here,
-- and this one sends nothing.
INSERT INTO notifications (id, website_id, template_id, destination, channel, status, code, provider_message_id, error,
                           attempts, next_attempt_at, payload, request_json, owner, called_at, created_at, updated_at)
SELECT :#id, :#websiteId, :#templateId, :#destination, :#channel, :#status, :#code, :#providerMessageId, :#error,
       :#attempted, :#nextAttemptAt, :#payload, :#requestJson, :#owner, :#calledAt, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP
FROM idempotency_keys
WHERE website_id = :#websiteId AND idempotency_key = :#key AND notification_id = :#id

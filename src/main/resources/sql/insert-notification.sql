-- A notification's status record, written the moment it is handed to the Cloud API (PENDING, called_at set, owned by
-- this process) or when it ends before that (refused, or held for a paused website: its outcome).
INSERT INTO notifications (id, website_id, template_id, destination, channel, status, code, provider_message_id, error,
                           attempts, next_attempt_at, payload, request_json, owner, called_at, created_at, updated_at)
VALUES (:#id, :#websiteId, :#templateId, :#destination, :#channel, :#status, :#code, :#providerMessageId, :#error,
        :#attempted, :#nextAttemptAt, :#payload, :#requestJson, :#owner, :#calledAt, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)

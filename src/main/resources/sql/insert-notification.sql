-- A notification's status record, written when it is about to be sent or when it is refused.
INSERT INTO notifications (id, website_id, template_id, destination, channel, status, code,
                           provider_message_id, error, created_at, updated_at)
VALUES (:#id, :#websiteId, :#templateId, :#destination, :#channel, :#status, :#code,
        :#providerMessageId, :#error, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)

-- A notification that cannot be delivered as it is, kept with its request so it can be replayed.
INSERT INTO dead_letters (id, notification_id, website_id, channel, template_id, destination, request_json,
                          error_code, last_error, attempts, created_at)
VALUES (:#deadLetterId, :#id, :#websiteId, :#channel, :#templateId, :#destination, :#requestJson,
        :#errorCode, :#lastError, :#attempts, :#now)

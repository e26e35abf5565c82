-- A WhatsApp status as it arrived, before the webhook is answered; applied later (state RECEIVED). Meta repeats
-- statuses: the same message and status again is refused as a duplicate key, which the receiver takes as "known".
INSERT INTO delivery_statuses (id, provider_message_id, status, status_at, error_code, error_title, error_details,
                               callback_data, state, attempts, received_at)
VALUES (:#id, :#providerMessageId, :#status, :#statusAt, :#errorCode, :#errorTitle, :#errorDetails,
        :#callbackData, 'RECEIVED', 0, CURRENT_TIMESTAMP)

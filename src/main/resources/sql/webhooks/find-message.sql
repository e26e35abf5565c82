-- The notification WhatsApp gave this message id (the newest, should an id ever be given twice).
SELECT id
FROM notifications
WHERE provider_message_id = :#providerMessageId
ORDER BY created_at DESC
FETCH FIRST 1 ROWS ONLY

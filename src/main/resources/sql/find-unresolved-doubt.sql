-- Notifications in doubt (UNKNOWN, no message id) that no WhatsApp status settled for a while, 100 at a time.
SELECT id, website_id, channel, template_id, destination, attempts, request_json, payload
FROM notifications
WHERE status = 'UNKNOWN' AND provider_message_id IS NULL AND updated_at < :#before
ORDER BY updated_at
FETCH FIRST 100 ROWS ONLY

-- WhatsApp accepted the message, then could not deliver it: WhatsApp's error code and text.
UPDATE notifications SET status = 'FAILED', code = :#code, error = :#error, updated_at = CURRENT_TIMESTAMP
WHERE id = :#id

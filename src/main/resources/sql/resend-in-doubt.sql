-- hsm.delivery.unresolved-doubt-then=resend: queued again, due now (it may reach the recipient twice).
UPDATE notifications SET status = 'RETRYING', next_attempt_at = :#now, error = :#error, updated_at = CURRENT_TIMESTAMP
WHERE id = :#id AND status = 'UNKNOWN' AND provider_message_id IS NULL AND payload IS NOT NULL

-- hsm.delivery.unresolved-doubt-then=dead-letter: FAILED, and a dead letter an operator may replay (knowing it may
-- have been delivered).
UPDATE notifications SET status = 'FAILED', code = 'PROVIDER_TIMEOUT', error = :#error, payload = NULL,
                         updated_at = CURRENT_TIMESTAMP
WHERE id = :#id AND status = 'UNKNOWN' AND provider_message_id IS NULL

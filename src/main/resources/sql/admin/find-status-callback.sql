SELECT id, website_id, notification_id, state, attempts, next_attempt_at, last_error, payload, created_at, updated_at
FROM status_callbacks
WHERE id = :callbackId

-- Queues a status change for the website's callback URL; does nothing when the website has none. Run in the
-- transaction that applies the status, so a change applied is a change queued.
INSERT INTO status_callbacks (id, website_id, notification_id, payload, state, attempts, next_attempt_at,
                              created_at, updated_at)
SELECT :#callbackId, w.id, :#notificationId, :#payload, 'DUE', 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP,
       CURRENT_TIMESTAMP
FROM websites w
WHERE w.id = :#websiteId AND w.callback_url IS NOT NULL

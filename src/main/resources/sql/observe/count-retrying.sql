-- Notifications queued for the retry worker, every node's together (the gauge hsm_retry_queue_depth);
-- read through the notifications_due index (status, next_attempt_at).
SELECT COUNT(*) FROM notifications WHERE status = 'RETRYING'

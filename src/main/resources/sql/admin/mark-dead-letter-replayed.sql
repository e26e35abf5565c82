UPDATE dead_letters SET replayed_at = :now, replay_notification_id = :notificationId, replay_code = :code
WHERE id = :id

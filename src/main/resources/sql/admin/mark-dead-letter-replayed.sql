-- The outcome of the replay this node claimed (replayed_at = :claimedAt): its new notification and the answer's code
UPDATE dead_letters SET replay_notification_id = :notificationId, replay_code = :code
WHERE id = :id AND replayed_at = :claimedAt

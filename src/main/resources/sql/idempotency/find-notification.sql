-- What became of a claimed key's notification, when its answer was never stored (its process died before).
SELECT status, code, error, destination, owner, called_at, next_attempt_at FROM notifications WHERE id = :notificationId

SELECT COUNT(*) FROM notifications WHERE id = :notificationId

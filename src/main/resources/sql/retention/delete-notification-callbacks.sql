-- A purged notification's status callbacks go with it, whatever their state: run after delete-notifications.sql,
-- in its transaction, so only those of the notifications it did delete.
DELETE FROM status_callbacks
WHERE notification_id IN (:ids)
  AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.id = status_callbacks.notification_id)

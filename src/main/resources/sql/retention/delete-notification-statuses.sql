-- A purged notification's WhatsApp statuses (its history) go with it: run after delete-notifications.sql, in its
-- transaction, so only those of the notifications it did delete.
DELETE FROM delivery_statuses
WHERE notification_id IN (:ids)
  AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.id = delivery_statuses.notification_id)

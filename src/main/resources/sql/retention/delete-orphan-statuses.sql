-- Applied statuses whose notification is gone (one applied while its notification was being purged), once they are as
-- old as a notification is kept.
DELETE FROM delivery_statuses
WHERE id IN (SELECT s.id FROM delivery_statuses s
             WHERE s.state = 'APPLIED' AND s.received_at < :before
               AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.id = s.notification_id)
             LIMIT :limit)

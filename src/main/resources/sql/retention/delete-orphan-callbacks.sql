-- Status callbacks whose notification is gone (one queued while its notification was being purged), once they are as
-- old as a notification is kept.
DELETE FROM status_callbacks
WHERE id IN (SELECT c.id FROM status_callbacks c
             WHERE c.state IN ('DUE', 'SENDING', 'DELIVERED', 'DEAD') AND c.updated_at < :before
               AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.id = c.notification_id)
             LIMIT :limit)

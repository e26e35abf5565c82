-- Status callbacks the website's receiver took (DELIVERED). DUE, SENDING and DEAD ones stay with their notification.
DELETE FROM status_callbacks
WHERE id IN (SELECT id FROM status_callbacks WHERE state = 'DELIVERED' AND updated_at < :before LIMIT :limit)

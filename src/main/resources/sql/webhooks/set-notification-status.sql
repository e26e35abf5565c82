-- A later delivery status (DELIVERED, READ) of a sent notification.
UPDATE notifications SET status = :#status, updated_at = CURRENT_TIMESTAMP
WHERE id = :#id

-- A notification's status history as WhatsApp reported it, oldest first. WhatsApp's times are whole seconds:
-- statuses of one second are shown in the order a message goes through them.
SELECT status, status_at, error_code, error_title, error_details
FROM delivery_statuses
WHERE notification_id = :#notificationId AND state = 'APPLIED'
ORDER BY status_at,
         CASE status WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2 WHEN 'read' THEN 3 ELSE 4 END

-- A notification with its WhatsApp status history, in one statement as the caller's status endpoint reads it
-- (sql/find-notification.sql says why).
SELECT n.id, n.website_id, n.template_id, n.destination, n.channel, n.status, n.code, n.provider_message_id, n.error,
       n.reply_error, n.created_at, n.updated_at,
       h.status AS history_status, h.status_at AS history_at, h.error_code AS history_code,
       h.error_title AS history_title, h.error_details AS history_details
FROM notifications n
LEFT JOIN delivery_statuses h ON h.notification_id = n.id AND h.state = 'APPLIED'
WHERE n.id = :notificationId
ORDER BY h.status_at,
         CASE h.status WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2 WHEN 'read' THEN 3 ELSE 4 END

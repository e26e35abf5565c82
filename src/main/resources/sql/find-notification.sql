-- A website's notification for its status endpoint, one row per WhatsApp status in its history (oldest first; one
-- row with no history_status when it has none). One statement, so the status and its history are read at one moment:
-- a status applied between two reads would show READ in the history under a DELIVERED status.
-- WhatsApp's times are whole seconds: statuses of one second are shown in the order a message goes through them.
SELECT n.id, n.template_id, n.destination, n.channel, n.status, n.code, n.provider_message_id, n.attempts,
       n.next_attempt_at, n.reply_error, n.created_at, n.updated_at,
       h.status AS history_status, h.status_at AS history_at, h.error_code AS history_code,
       h.error_title AS history_title, h.error_details AS history_details
FROM notifications n
LEFT JOIN delivery_statuses h ON h.notification_id = n.id AND h.state = 'APPLIED'
WHERE n.website_id = :#websiteId AND n.id = :#notificationId
ORDER BY h.status_at,
         CASE h.status WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2 WHEN 'read' THEN 3 ELSE 4 END

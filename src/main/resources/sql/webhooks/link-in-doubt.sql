-- A status for a message whose id was never recorded (the Cloud API's answer was lost: the notification is UNKNOWN,
-- in doubt) names its notification in biz_opaque_callback_data: it was sent, with this message id.
UPDATE notifications SET provider_message_id = :#providerMessageId, error = NULL, updated_at = CURRENT_TIMESTAMP
WHERE id = :#notificationId AND status = 'UNKNOWN' AND provider_message_id IS NULL

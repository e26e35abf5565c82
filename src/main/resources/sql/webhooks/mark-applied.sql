-- The status is part of its notification's history now, whatever it did to the current status.
UPDATE delivery_statuses SET state = 'APPLIED', notification_id = :#notificationId, applied_at = CURRENT_TIMESTAMP
WHERE id = :#id AND claim_token = :#token

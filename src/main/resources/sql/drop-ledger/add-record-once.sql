-- A record of a dropped file taken, with the notification it was sent as, written with that notification's outcome:
-- nothing (and no failure) if the record is in the ledger already, so the outcome is never lost over it
INSERT INTO CAMEL_MESSAGEPROCESSED (processorName, messageId, createdAt, notification_id)
SELECT :processorName, :messageId, :createdAt, :notificationId
WHERE NOT EXISTS (SELECT 1 FROM CAMEL_MESSAGEPROCESSED WHERE processorName = :processorName AND messageId = :messageId)

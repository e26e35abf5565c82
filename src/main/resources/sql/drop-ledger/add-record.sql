-- A record of a dropped file taken, with the notification it was sent as (if any)
INSERT INTO CAMEL_MESSAGEPROCESSED (processorName, messageId, createdAt, notification_id)
VALUES (:processorName, :messageId, :createdAt, :notificationId)

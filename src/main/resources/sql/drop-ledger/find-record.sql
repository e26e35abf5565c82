-- A record taken before, and the notification it was sent as (null when none was recorded)
SELECT notification_id FROM CAMEL_MESSAGEPROCESSED WHERE processorName = :processorName AND messageId = :messageId

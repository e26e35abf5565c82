-- The notification each record of a dropped file was sent as (issue 19, item 5): a file dropped again reports its
-- records DUPLICATE naming the notification sent the first time. Null for rows written before this column, and for
-- a record whose answer recorded no notification.
ALTER TABLE CAMEL_MESSAGEPROCESSED ADD COLUMN notification_id VARCHAR(36);

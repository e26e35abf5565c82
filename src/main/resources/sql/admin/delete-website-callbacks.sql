-- A deleted website's status callbacks go with it: there is nowhere to send them, and their payloads hold
-- recipients' numbers.
DELETE FROM status_callbacks WHERE website_id = :websiteId

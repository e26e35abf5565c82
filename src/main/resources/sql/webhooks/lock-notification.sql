-- Locked for the rest of the transaction: statuses of one notification applied at once (two nodes, delivered and
-- read) are applied one after the other, each seeing the status the other left.
SELECT id, website_id, template_id, destination, channel, status, attempts, provider_message_id, request_json
FROM notifications
WHERE id = :#id
FOR UPDATE

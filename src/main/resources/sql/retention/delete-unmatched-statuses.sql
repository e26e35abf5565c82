-- WhatsApp statuses no notification had (UNMATCHED): nothing else refers to them.
DELETE FROM delivery_statuses
WHERE id IN (SELECT id FROM delivery_statuses WHERE state = 'UNMATCHED' AND received_at < :before LIMIT :limit)

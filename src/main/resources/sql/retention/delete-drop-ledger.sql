-- The drop folders' ledger (Camel's CAMEL_MESSAGEPROCESSED): past it, a re-dropped file is no longer recognised.
DELETE FROM CAMEL_MESSAGEPROCESSED
WHERE (processorName, messageId) IN (
    SELECT processorName, messageId FROM CAMEL_MESSAGEPROCESSED WHERE createdAt < :before LIMIT :limit)

-- The newest time among the :limit oldest ledger entries past their retention: the next batch's cutoff (null: none).
SELECT MAX(createdAt) FROM (
    SELECT createdAt FROM CAMEL_MESSAGEPROCESSED WHERE createdAt < :before ORDER BY createdAt LIMIT :limit) oldest

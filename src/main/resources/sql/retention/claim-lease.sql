-- One node purges at a time: the lease is taken when it is free (expired) or already this node's, and held until :until.
UPDATE retention_lease SET holder = :holder, expires_at = :until
WHERE name = 'purge' AND (expires_at < :now OR holder = :holder)

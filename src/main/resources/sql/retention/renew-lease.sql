-- Held a while longer (between batches, and at the end until the next purge is due), only by its holder.
UPDATE retention_lease SET expires_at = :until
WHERE name = 'purge' AND holder = :holder

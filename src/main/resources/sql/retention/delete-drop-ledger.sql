-- The drop folders' ledger (Camel's CAMEL_MESSAGEPROCESSED) up to the batch's cutoff (oldest-drop-ledger.sql): past
-- its retention, a re-dropped file is no longer recognised.
DELETE FROM CAMEL_MESSAGEPROCESSED WHERE createdAt <= :cutoff

-- The drop folders' read locks (issue 20): which node holds which dropped file, in CAMEL_MESSAGEPROCESSED next to the
-- records' ledger, as Camel's JdbcOrphanLockAwareIdempotentRepository keeps them (processor names drop-file-lock and
-- sftp-file-lock; createdAt is the holder's last renewal). A lock's key is the file's path, on the shared volume or on
-- the SFTP server: wider than the ledger's keys, so that a long path is never refused (and its file never stuck).
-- SET DATA TYPE: the same statement for PostgreSQL and H2.
ALTER TABLE CAMEL_MESSAGEPROCESSED ALTER COLUMN messageId SET DATA TYPE VARCHAR(1024);

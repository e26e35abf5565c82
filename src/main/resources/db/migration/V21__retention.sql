-- Retention (io.hsmgateway.retention): what is kept only for a while is purged in small batches, by one node at a
-- time. The lease row below says which node purges and until when; a node takes it with a conditional update (free
-- or expired, or already its own), so two nodes never purge at once and a node that died mid-purge holds it no
-- longer than its expiry.
CREATE TABLE retention_lease (
    name       VARCHAR(32)  NOT NULL PRIMARY KEY,
    holder     VARCHAR(64),
    expires_at TIMESTAMP    NOT NULL
);
INSERT INTO retention_lease (name, holder, expires_at) VALUES ('purge', NULL, TIMESTAMP '2000-01-01 00:00:00');

-- the purge's WHERE clauses, each on an index: finished notifications by age (created_at never changes, so this
-- index costs the hot path's status updates nothing), and a notification's dead letters, callbacks and statuses
-- (delivery_statuses_notification exists since V10) by notification id
CREATE INDEX notifications_created ON notifications (created_at);
CREATE INDEX dead_letters_notification ON dead_letters (notification_id);
CREATE INDEX dead_letters_replayed ON dead_letters (replayed_at);
CREATE INDEX status_callbacks_notification ON status_callbacks (notification_id);
CREATE INDEX status_callbacks_finished ON status_callbacks (state, updated_at);
-- the drop folders' ledger by age (idempotency_keys_created and delivery_statuses_state exist since V6 and V10)
CREATE INDEX camel_messageprocessed_created ON CAMEL_MESSAGEPROCESSED (createdAt);

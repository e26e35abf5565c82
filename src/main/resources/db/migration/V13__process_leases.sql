-- Which gateway processes are alive: each renews its lease every hsm.process.lease-renew-ms. What a process
-- claimed (an idempotency key) or was about to send (a notification) is taken over as soon as its lease has lapsed
-- (hsm.process.lease-expires-ms): a crash holds nothing up for long, and nothing it never sent is given up.
CREATE TABLE process_leases (
    process_id VARCHAR(36) NOT NULL PRIMARY KEY,
    started_at TIMESTAMP   NOT NULL,
    renewed_at TIMESTAMP   NOT NULL
);

-- the process that claimed the key
ALTER TABLE idempotency_keys ADD COLUMN owner VARCHAR(36);
-- the process sending the notification (PENDING, SENDING), and when its Cloud API call began: a row of a process
-- that is gone was in flight at its end when called_at is set (UNKNOWN), else it was never handed over (RETRYING)
ALTER TABLE notifications ADD COLUMN owner VARCHAR(36);
ALTER TABLE notifications ADD COLUMN called_at TIMESTAMP;

-- WhatsApp hands back every message's biz_opaque_callback_data (the gateway's notification id) in its status
-- webhooks: a status names its notification even when the Cloud API's answer with the message id was lost
ALTER TABLE delivery_statuses ADD COLUMN callback_data VARCHAR(512);

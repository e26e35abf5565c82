-- Durable retries: a notification WhatsApp could not take yet waits in the table, not in memory, so a
-- restart or another node picks it up. What cannot be delivered becomes a dead letter that can be replayed.

ALTER TABLE notifications ADD COLUMN attempts INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE notifications ADD COLUMN next_attempt_at TIMESTAMP;
-- the Cloud API message to (re)send, and the request as the door gave it (for replays)
ALTER TABLE notifications ADD COLUMN payload VARCHAR(100000);
ALTER TABLE notifications ADD COLUMN request_json VARCHAR(100000);
-- set by the node that claimed a RETRYING row (status SENDING); lets a stale claim be told apart
ALTER TABLE notifications ADD COLUMN claim_token VARCHAR(36);
CREATE INDEX notifications_due ON notifications (status, next_attempt_at);

-- a website whose WhatsApp account is failing (e.g. token expired) is paused, not burned through
ALTER TABLE websites ADD COLUMN paused_until TIMESTAMP;
ALTER TABLE websites ADD COLUMN pause_reason VARCHAR(200);

CREATE TABLE dead_letters (
    id                     VARCHAR(36)     NOT NULL PRIMARY KEY,
    notification_id        VARCHAR(36)     NOT NULL,
    website_id             VARCHAR(64)     NOT NULL,
    channel                VARCHAR(32)     NOT NULL,
    template_id            VARCHAR(64),
    destination            VARCHAR(32),
    request_json           VARCHAR(100000) NOT NULL,
    error_code             VARCHAR(32),
    last_error             VARCHAR(1000),
    attempts               INTEGER         NOT NULL,
    created_at             TIMESTAMP       NOT NULL,
    replayed_at            TIMESTAMP,
    replay_notification_id VARCHAR(36),
    replay_code            VARCHAR(32)
);
CREATE INDEX dead_letters_website_created ON dead_letters (website_id, created_at);

-- WhatsApp's status webhooks (sent, delivered, read, failed). Each status in a webhook POST is stored as it
-- arrives, before the endpoint answers 200, and applied to its notification later by whichever node claims it:
-- the endpoint stays fast and nothing Meta delivered is lost. A status repeated by Meta (same message, same
-- status) is the same row, so it changes nothing. Applied rows are the notification's status history.
CREATE TABLE delivery_statuses (
    id                  VARCHAR(36)   NOT NULL PRIMARY KEY,
    provider_message_id VARCHAR(128)  NOT NULL,
    status              VARCHAR(16)   NOT NULL,   -- WhatsApp's: sent, delivered, read, failed
    status_at           TIMESTAMP     NOT NULL,   -- WhatsApp's timestamp
    error_code          VARCHAR(32),
    error_title         VARCHAR(200),
    error_details       VARCHAR(1000),
    state               VARCHAR(16)   NOT NULL,   -- RECEIVED, APPLIED, UNMATCHED
    notification_id     VARCHAR(36),              -- once applied
    claim_token         VARCHAR(36),
    attempts            INTEGER       DEFAULT 0 NOT NULL,
    received_at         TIMESTAMP     NOT NULL,
    applied_at          TIMESTAMP,
    CONSTRAINT delivery_statuses_once UNIQUE (provider_message_id, status)
);
CREATE INDEX delivery_statuses_state ON delivery_statuses (state, received_at);
CREATE INDEX delivery_statuses_notification ON delivery_statuses (notification_id);
-- statuses find their notification by WhatsApp's message id
CREATE INDEX notifications_provider_message ON notifications (provider_message_id);

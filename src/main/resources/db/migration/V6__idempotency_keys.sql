-- REST Idempotency-Key: the first answer to a website's key, replayed for 24 hours.
-- A row without response_json is a request still in progress.
CREATE TABLE idempotency_keys (
    website_id      VARCHAR(64)     NOT NULL,
    idempotency_key VARCHAR(255)    NOT NULL,
    notification_id VARCHAR(36)     NOT NULL,
    response_json   VARCHAR(100000),
    created_at      TIMESTAMP       NOT NULL,
    PRIMARY KEY (website_id, idempotency_key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

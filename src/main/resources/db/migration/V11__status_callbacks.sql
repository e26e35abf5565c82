-- A website may ask for each WhatsApp status change of its notifications to be POSTed to its own URL, signed
-- with a secret of its own (stored encrypted, like the access token). Each change is queued here in the same
-- transaction that applies it, then delivered (and retried) by whichever node claims it; what cannot be
-- delivered ends DEAD: the callbacks' own dead letters, replayable.
ALTER TABLE websites ADD COLUMN callback_url VARCHAR(2048);
ALTER TABLE websites ADD COLUMN callback_secret VARCHAR(512);

CREATE TABLE status_callbacks (
    id              VARCHAR(36)   NOT NULL PRIMARY KEY,
    website_id      VARCHAR(64)   NOT NULL,
    notification_id VARCHAR(36)   NOT NULL,
    payload         VARCHAR(8000) NOT NULL,   -- the JSON POSTed, as queued
    state           VARCHAR(16)   NOT NULL,   -- DUE, SENDING, DELIVERED, DEAD
    attempts        INTEGER       DEFAULT 0 NOT NULL,
    next_attempt_at TIMESTAMP     NOT NULL,
    claim_token     VARCHAR(36),
    last_error      VARCHAR(1000),
    created_at      TIMESTAMP     NOT NULL,
    updated_at      TIMESTAMP     NOT NULL
);
CREATE INDEX status_callbacks_due ON status_callbacks (state, next_attempt_at);
CREATE INDEX status_callbacks_website ON status_callbacks (website_id, created_at);

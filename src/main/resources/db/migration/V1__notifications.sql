-- Tenants, their keys and templates, and one status record per notification.
-- Portable SQL: runs unchanged on PostgreSQL and on H2 (PostgreSQL mode).

CREATE TABLE websites (
    id              VARCHAR(64)  NOT NULL PRIMARY KEY,
    name            VARCHAR(200) NOT NULL,
    phone_number_id VARCHAR(64)  NOT NULL,
    access_token    VARCHAR(1024) NOT NULL,
    created_at      TIMESTAMP    NOT NULL,
    updated_at      TIMESTAMP    NOT NULL
);

-- Keys are stored as SHA-256 hashes; the key itself is shown once, when it is created.
CREATE TABLE api_keys (
    id         VARCHAR(36)  NOT NULL PRIMARY KEY,
    website_id VARCHAR(64)  NOT NULL REFERENCES websites (id) ON DELETE CASCADE,
    key_hash   VARCHAR(64)  NOT NULL,
    key_prefix VARCHAR(16)  NOT NULL,
    created_at TIMESTAMP    NOT NULL
);
CREATE INDEX api_keys_website ON api_keys (website_id);

CREATE TABLE templates (
    website_id     VARCHAR(64)   NOT NULL REFERENCES websites (id) ON DELETE CASCADE,
    template_id    VARCHAR(64)   NOT NULL,
    name           VARCHAR(512)  NOT NULL,
    language       VARCHAR(16)   NOT NULL,
    type           VARCHAR(16)   NOT NULL,
    variables      VARCHAR(4000) NOT NULL,  -- JSON array of variable names, in the template's order
    media_link     VARCHAR(2048),
    media_filename VARCHAR(255),
    updated_at     TIMESTAMP     NOT NULL,
    PRIMARY KEY (website_id, template_id)
);

-- status: PENDING (about to be sent), SENT (accepted by the Cloud API), FAILED (not sent),
-- UNKNOWN (the Cloud API did not answer: it may have been sent), REJECTED (refused before sending).
CREATE TABLE notifications (
    id                  VARCHAR(36)   NOT NULL PRIMARY KEY,
    website_id          VARCHAR(64)   NOT NULL,
    template_id         VARCHAR(64),
    destination         VARCHAR(32),
    channel             VARCHAR(32)   NOT NULL,
    status              VARCHAR(16)   NOT NULL,
    code                VARCHAR(32),
    provider_message_id VARCHAR(128),
    error               VARCHAR(1000),
    created_at          TIMESTAMP     NOT NULL,
    updated_at          TIMESTAMP     NOT NULL
);
CREATE INDEX notifications_website_created ON notifications (website_id, created_at);

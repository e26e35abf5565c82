-- Templates read from the website's WhatsApp Business Account (GET /{version}/{waba-id}/message_templates), stored
-- with their components as Meta describes them. Hand-written templates (source ADMIN) keep working unchanged.
-- Portable SQL: runs unchanged on PostgreSQL and on H2 (PostgreSQL mode).

-- the website's WhatsApp Business Account: where its templates are read from (null: hand-written templates only)
ALTER TABLE websites ADD COLUMN business_account_id VARCHAR(64);

-- ADMIN: written through PUT /admin/websites/{id}/templates/{templateId}; ACCOUNT: synced, template_id is Meta's id
ALTER TABLE templates ADD COLUMN source VARCHAR(16) DEFAULT 'ADMIN' NOT NULL;
-- Meta's review status (APPROVED, PENDING, REJECTED, PAUSED, DISABLED, ...); null for hand-written templates
ALTER TABLE templates ADD COLUMN status VARCHAR(32);
ALTER TABLE templates ADD COLUMN category VARCHAR(32);
-- NAMED or POSITIONAL (Meta's parameter_format)
ALTER TABLE templates ADD COLUMN parameter_format VARCHAR(16);
-- Meta's components array, as JSON, exactly as synced
ALTER TABLE templates ADD COLUMN components VARCHAR(100000);
-- the website's own id for the template (so existing callers keep their templateId); unique per website
ALTER TABLE templates ADD COLUMN alias VARCHAR(64);
-- set when a sync no longer finds the template in the account: it cannot be sent any more
ALTER TABLE templates ADD COLUMN retired_at TIMESTAMP;
CREATE UNIQUE INDEX templates_website_alias ON templates (website_id, alias);

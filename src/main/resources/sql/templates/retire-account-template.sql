-- Gone from the account: kept (its notifications refer to it) but never found for a send again
UPDATE templates SET retired_at = CURRENT_TIMESTAMP, updated_at = CURRENT_TIMESTAMP
WHERE website_id = :websiteId AND template_id = :templateId AND source = 'ACCOUNT' AND retired_at IS NULL

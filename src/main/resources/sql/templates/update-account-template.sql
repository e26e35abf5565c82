-- A synced template as the account lists it now; one that comes back is in use again
UPDATE templates SET name = :name, language = :language, type = :type, status = :status, category = :category,
                     parameter_format = :parameterFormat, components = :components, retired_at = NULL,
                     updated_at = CURRENT_TIMESTAMP
WHERE website_id = :websiteId AND template_id = :templateId AND source = 'ACCOUNT'

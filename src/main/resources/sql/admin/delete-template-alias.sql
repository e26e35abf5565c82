UPDATE templates SET alias = NULL, updated_at = CURRENT_TIMESTAMP
WHERE website_id = :websiteId AND template_id = :templateId

UPDATE templates SET alias = :alias, updated_at = CURRENT_TIMESTAMP
WHERE website_id = :websiteId AND template_id = :templateId

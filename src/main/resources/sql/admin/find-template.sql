SELECT template_id, name, language, type, variables, media_link, media_filename, updated_at FROM templates
WHERE website_id = :websiteId AND template_id = :templateId

UPDATE templates SET name = :name, language = :language, type = :type, variables = :variables,
                     media_link = :mediaLink, media_filename = :mediaFilename, updated_at = CURRENT_TIMESTAMP
WHERE website_id = :websiteId AND template_id = :templateId AND source = 'ADMIN'

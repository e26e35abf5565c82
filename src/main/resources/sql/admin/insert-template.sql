INSERT INTO templates (website_id, template_id, name, language, type, variables, media_link, media_filename, updated_at)
VALUES (:websiteId, :templateId, :name, :language, :type, :variables, :mediaLink, :mediaFilename, CURRENT_TIMESTAMP)

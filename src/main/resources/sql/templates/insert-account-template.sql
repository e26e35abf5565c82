INSERT INTO templates (website_id, template_id, source, name, language, type, variables, media_link, media_filename,
                       status, category, parameter_format, components, retired_at, updated_at)
VALUES (:websiteId, :templateId, 'ACCOUNT', :name, :language, :type, '[]', NULL, NULL,
        :status, :category, :parameterFormat, :components, NULL, CURRENT_TIMESTAMP)

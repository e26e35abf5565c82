SELECT template_id, name, language, type, variables, media_link, media_filename, alias, source, status, category,
       parameter_format, components, retired_at, updated_at
FROM templates
WHERE website_id = :websiteId ORDER BY template_id

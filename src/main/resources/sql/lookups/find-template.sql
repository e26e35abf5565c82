-- A website's template, by its id or the website's alias for it, with the website's delivery credentials and pause
-- state. A retired template (gone from the account) is not found. An id wins over another template's alias.
SELECT t.template_id, t.name, t.language, t.type, t.variables, t.media_link, t.media_filename,
       t.source, t.status, t.category, t.parameter_format, t.components,
       w.phone_number_id, w.access_token, w.paused_until, w.throttle_per_second
FROM templates t
JOIN websites w ON w.id = t.website_id
WHERE t.website_id = :websiteId
  AND (t.template_id = :templateId OR t.alias = :templateId)
  AND t.retired_at IS NULL
ORDER BY CASE WHEN t.template_id = :templateId THEN 0 ELSE 1 END

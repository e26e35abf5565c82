-- A website's template with the website's delivery credentials and pause state.
SELECT t.template_id, t.name, t.language, t.type, t.variables, t.media_link, t.media_filename,
       w.phone_number_id, w.access_token, w.paused_until, w.throttle_per_second
FROM templates t
JOIN websites w ON w.id = t.website_id
WHERE t.website_id = :websiteId
  AND t.template_id = :templateId

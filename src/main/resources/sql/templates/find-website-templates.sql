-- A website's templates as the sync compares them: the synced ones (ACCOUNT) and the ids the hand-written ones hold
SELECT template_id, source, name, language, status, category, parameter_format, components, retired_at
FROM templates WHERE website_id = :websiteId

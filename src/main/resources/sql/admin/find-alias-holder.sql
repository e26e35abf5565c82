-- The website's other template that already answers to this id: by its own id or its alias (retired ones included:
-- the unique index still holds their alias)
SELECT template_id FROM templates
WHERE website_id = :websiteId AND template_id <> :templateId AND (template_id = :alias OR alias = :alias)

SELECT source FROM templates WHERE website_id = :websiteId AND template_id = :templateId

UPDATE websites SET callback_url = NULL, callback_secret = NULL, updated_at = CURRENT_TIMESTAMP
WHERE id = :websiteId AND callback_url IS NOT NULL

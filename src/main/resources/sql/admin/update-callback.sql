-- Sets a website's callback URL and a new secret (encrypted); the website must exist.
UPDATE websites SET callback_url = :url, callback_secret = :secret, updated_at = CURRENT_TIMESTAMP WHERE id = :websiteId

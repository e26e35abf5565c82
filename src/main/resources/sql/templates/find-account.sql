-- The website whose templates are synced: its WhatsApp Business Account and its (encrypted) access token
SELECT id, business_account_id, access_token FROM websites WHERE id = :websiteId

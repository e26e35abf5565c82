-- Every website whose templates come from its WhatsApp Business Account
SELECT id FROM websites WHERE business_account_id IS NOT NULL ORDER BY id

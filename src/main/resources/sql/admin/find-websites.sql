SELECT id, name, phone_number_id, business_account_id, throttle_per_second, paused_until, created_at, updated_at
FROM websites ORDER BY id

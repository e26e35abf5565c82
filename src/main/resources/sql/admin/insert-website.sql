INSERT INTO websites (id, name, phone_number_id, access_token, throttle_per_second, business_account_id, created_at, updated_at)
VALUES (:websiteId, :name, :phoneNumberId, :accessToken, :throttlePerSecond, :businessAccountId, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)

INSERT INTO websites (id, name, phone_number_id, access_token, throttle_per_second, created_at, updated_at)
VALUES (:websiteId, :name, :phoneNumberId, :accessToken, :throttlePerSecond, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)

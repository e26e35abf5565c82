INSERT INTO websites (id, name, phone_number_id, access_token, created_at, updated_at)
VALUES (:websiteId, :name, :phoneNumberId, :accessToken, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)

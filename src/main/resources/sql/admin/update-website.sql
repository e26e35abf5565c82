UPDATE websites SET name = :name, phone_number_id = :phoneNumberId, access_token = :accessToken,
                    updated_at = CURRENT_TIMESTAMP
WHERE id = :websiteId

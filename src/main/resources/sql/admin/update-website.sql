UPDATE websites SET name = :name, phone_number_id = :phoneNumberId, access_token = :accessToken,
                    throttle_per_second = :throttlePerSecond, business_account_id = :businessAccountId,
                    updated_at = CURRENT_TIMESTAMP
WHERE id = :websiteId

SELECT id, provider_message_id, status, status_at, error_code, error_title, error_details, callback_data, received_at
FROM delivery_statuses
WHERE id = :#id

SELECT id, notification_id, website_id, channel, template_id, destination, error_code, last_error, attempts,
       created_at, replayed_at, replay_notification_id, replay_code, request_json
FROM dead_letters WHERE id = :id

-- Queued notifications whose time has come, of websites that are not paused (100 per poll).
SELECT n.id, n.website_id, n.channel, n.template_id, n.destination, n.attempts, n.payload, n.request_json,
       w.phone_number_id, w.access_token, w.throttle_per_second
FROM notifications n
JOIN websites w ON w.id = n.website_id
WHERE n.status = 'RETRYING'
  AND n.next_attempt_at <= :#now
  AND (w.paused_until IS NULL OR w.paused_until <= :#now)
ORDER BY n.next_attempt_at
FETCH FIRST 100 ROWS ONLY

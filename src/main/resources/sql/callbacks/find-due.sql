-- Queued status callbacks whose time has come (100 per poll), with their website's callback URL and secret (still
-- encrypted). A row whose website has no URL any more is left to drop-orphans.sql.
SELECT c.id, c.website_id, c.payload, c.attempts, w.callback_url, w.callback_secret
FROM status_callbacks c
JOIN websites w ON w.id = c.website_id
WHERE c.state = 'DUE'
  AND c.next_attempt_at <= :#now
  AND w.callback_url IS NOT NULL
ORDER BY c.next_attempt_at
FETCH FIRST 100 ROWS ONLY

-- Queued callbacks of a website that has no callback URL any more (removed through the admin API while they
-- waited): nowhere to send them. They end DEAD, saying why, and can be replayed once a URL is set again.
UPDATE status_callbacks
SET state = 'DEAD', claim_token = NULL, last_error = 'the website has no callback URL any more',
    updated_at = CURRENT_TIMESTAMP
WHERE state = 'DUE'
  AND NOT EXISTS (SELECT 1 FROM websites w WHERE w.id = status_callbacks.website_id AND w.callback_url IS NOT NULL)

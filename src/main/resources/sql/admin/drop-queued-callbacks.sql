-- The website's callback URL was removed: what it had queued has nowhere to go. DEAD, saying why (replayable
-- once a URL is set again); one being sent right now is caught by the worker's next poll.
UPDATE status_callbacks
SET state = 'DEAD', last_error = 'the website''s callback URL was removed', updated_at = CURRENT_TIMESTAMP
WHERE website_id = :websiteId AND state = 'DUE'

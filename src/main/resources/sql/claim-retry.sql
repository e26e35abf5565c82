-- Claims a due notification for this node; another node's claim makes this update count 0.
UPDATE notifications SET status = 'SENDING', claim_token = :#token, updated_at = CURRENT_TIMESTAMP
WHERE id = :#id AND status = 'RETRYING'

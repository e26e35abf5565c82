-- Claims a due notification for this process; another's claim makes this update count 0. Its call has not begun.
UPDATE notifications SET status = 'SENDING', claim_token = :#token, owner = :#owner, called_at = NULL,
                         updated_at = CURRENT_TIMESTAMP
WHERE id = :#id AND status = 'RETRYING'

-- A call that proved nothing was sent is tried again shortly: nothing is in flight meanwhile, and the row carries what
-- a resume needs should this process die while it waits.
UPDATE notifications SET called_at = NULL, payload = :#payload, request_json = :#requestJson, updated_at = CURRENT_TIMESTAMP
WHERE id = :#id

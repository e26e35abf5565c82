-- The website's WhatsApp account is failing: hold its sends until the pause ends.
UPDATE websites SET paused_until = :#until, pause_reason = :#reason WHERE id = :#websiteId

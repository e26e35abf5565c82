-- The caller's answer could not be given (a JMSReplyTo that cannot take it); the outcome stays as it is.
UPDATE notifications SET reply_error = :#replyError, updated_at = CURRENT_TIMESTAMP WHERE id = :#id

-- A door that answers its caller after the send (the JMS door's JMSReplyTo) records here why an answer
-- could not be given. The notification's own outcome is not touched: what was sent stays sent.
ALTER TABLE notifications ADD COLUMN reply_error VARCHAR(1000);

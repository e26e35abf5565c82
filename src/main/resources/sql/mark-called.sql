-- A recorded notification is handed to the Cloud API again (an in-line retry, a resumed one): its call begins now.
-- Only while this process still has it: one that was taken over (its lease lapsed) sends nothing.
UPDATE notifications SET called_at = :#now, updated_at = CURRENT_TIMESTAMP
WHERE id = :#id AND owner = :#owner AND status IN ('PENDING', 'SENDING')

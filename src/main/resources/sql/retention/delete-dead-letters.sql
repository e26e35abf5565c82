-- Dead letters replayed long enough ago; one never replayed is kept until an operator replays or deletes it.
DELETE FROM dead_letters
WHERE id IN (SELECT id FROM dead_letters WHERE replayed_at < :before LIMIT :limit)

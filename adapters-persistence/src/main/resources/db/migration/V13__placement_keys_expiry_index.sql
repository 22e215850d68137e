-- The expired-key sweep (after each reconciliation) deletes answered keys claimed more than a
-- key's lifetime ago. Without an index it read every row of placement_keys each time: a day of
-- keys, every five minutes. Partial: a key still being answered (a placement under way, or one
-- that died mid-way and never expires) is never a candidate, so it is never in the index.
CREATE INDEX placement_keys_answered ON placement_keys (created_at) WHERE answer_body IS NOT NULL;

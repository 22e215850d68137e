-- A dead letter (retries run out, its machine away) comes back once, when its machine answers
-- again (docs/delivery.md, "Dead letters come back"): revivals counts the times it did, so that one
-- that dies again stays dead for the operator.
ALTER TABLE deliveries ADD COLUMN revivals INTEGER NOT NULL DEFAULT 0 CHECK (revivals >= 0);

-- What every delivery run that delivered something looks up: its machine's dead letters not yet
-- revived, young enough. Partial, so it holds dead letters alone (usually none, and then the look
-- is one step into an empty index); the outbox's busy rows, pending and delivered, are never in it.
CREATE INDEX deliveries_dead ON deliveries (machine_id, revivals, created_at) WHERE state = 'dead';

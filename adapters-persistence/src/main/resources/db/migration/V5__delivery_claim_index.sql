-- The delivery worker's claims and its "when is the next one due" read the outbox many times a
-- second while a backlog drains. With only (state, next_attempt_at) every such query read each
-- due row in full (bodies of a few KB) to test machine_id and lease_until: a 10,000-delivery
-- backlog cost 10-40 ms per query and most of a draining server's time. This index answers the
-- claim's filter and the due time from the index alone; it replaces deliveries_due, its prefix.
CREATE INDEX deliveries_claim ON deliveries (state, next_attempt_at, machine_id, lease_until);
DROP INDEX deliveries_due;

-- Leased deliveries (claims in flight, or left by a worker that died): a few hundred at most,
-- so the earliest lease expiry is found without walking the backlog.
CREATE INDEX deliveries_leased ON deliveries (lease_until) WHERE lease_until IS NOT NULL;

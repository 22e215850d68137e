-- Idempotency keys of POST /api/user/call, per machine: the first request with a key claims it
-- (fingerprint = digest of its body) before the call is placed, and its answer is stored once
-- known. A claim without an answer is a placement under way, or one that died mid-way.
CREATE TABLE placement_keys (
    machine_id      TEXT NOT NULL REFERENCES machines (id),
    idempotency_key TEXT NOT NULL,
    fingerprint     TEXT NOT NULL,
    answer_status   INTEGER,
    answer_body     TEXT,
    created_at      TEXT NOT NULL,
    PRIMARY KEY (machine_id, idempotency_key),
    CHECK ((answer_status IS NULL) = (answer_body IS NULL))
) STRICT;

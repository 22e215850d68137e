-- Ringback's first schema. Times are UTC ISO-8601 text with nine fractional digits
-- (e.g. 2025-01-15T10:00:00.123456789Z): readable, exact, and ordered correctly as text.
-- Enumerations are stored by their wire names.

CREATE TABLE users (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    plan         TEXT NOT NULL,
    phone_number TEXT,
    voice_id     TEXT
) STRICT;

CREATE TABLE machines (
    id                 TEXT PRIMARY KEY,
    user_id            TEXT NOT NULL UNIQUE REFERENCES users (id),
    app_url            TEXT NOT NULL,
    -- Kept to authenticate to the machine; never used to find a row (see gateway_token_hash).
    gateway_token      TEXT NOT NULL,
    gateway_token_hash TEXT NOT NULL UNIQUE,
    hook_token         TEXT NOT NULL,
    hooks_path         TEXT NOT NULL,
    -- Comma-separated and sorted; agent ids cannot contain commas.
    allowed_agent_ids  TEXT NOT NULL,
    route              TEXT NOT NULL CHECK (route IN ('hooks', 'chat')),
    last_session_key   TEXT,
    last_session_at    TEXT
) STRICT;

CREATE TABLE dashboard_tokens (
    hash      TEXT PRIMARY KEY,
    user_id   TEXT NOT NULL REFERENCES users (id),
    issued_at TEXT NOT NULL
) STRICT;

CREATE INDEX dashboard_tokens_by_user ON dashboard_tokens (user_id);

CREATE TABLE calls (
    id                    TEXT PRIMARY KEY,
    user_id               TEXT NOT NULL REFERENCES users (id),
    machine_id            TEXT NOT NULL REFERENCES machines (id),
    direction             TEXT NOT NULL CHECK (direction IN ('outbound', 'inbound')),
    from_number           TEXT NOT NULL,
    to_number             TEXT NOT NULL,
    task                  TEXT NOT NULL,
    origin_session_key    TEXT NOT NULL,
    origin_session_source TEXT NOT NULL CHECK (origin_session_source IN ('agent', 'dashboard', 'default')),
    provider_call_id      TEXT UNIQUE,
    status                TEXT NOT NULL CHECK (status IN ('initiated', 'completed', 'failed', 'no_answer', 'voicemail')),
    duration_seconds      INTEGER NOT NULL CHECK (duration_seconds >= 0),
    transcript            TEXT NOT NULL,
    summary               TEXT NOT NULL,
    recording_url         TEXT,
    cost_micros           INTEGER NOT NULL CHECK (cost_micros >= 0),
    created_at            TEXT NOT NULL,
    completed_at          TEXT,
    CHECK ((status = 'initiated') = (completed_at IS NULL))
) STRICT;

CREATE INDEX calls_by_user_created ON calls (user_id, created_at);

CREATE TABLE deliveries (
    id              TEXT PRIMARY KEY,
    call_id         TEXT NOT NULL REFERENCES calls (id),
    machine_id      TEXT NOT NULL REFERENCES machines (id),
    kind            TEXT NOT NULL CHECK (kind IN ('notification', 'transcript')),
    target          TEXT NOT NULL,
    body            TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed', 'dead')),
    attempts        INTEGER NOT NULL CHECK (attempts >= 0),
    next_attempt_at TEXT NOT NULL,
    last_error      TEXT,
    created_at      TEXT NOT NULL,
    finished_at     TEXT,
    -- A worker holds a claimed delivery until then; an expired lease is as good as none.
    lease_until     TEXT,
    CHECK ((state = 'pending') = (finished_at IS NULL))
) STRICT;

CREATE INDEX deliveries_due ON deliveries (state, next_attempt_at);
CREATE INDEX deliveries_by_call ON deliveries (call_id);

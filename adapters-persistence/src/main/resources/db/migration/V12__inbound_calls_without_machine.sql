-- migration: foreign_keys=off
-- An inbound call to a user who has no machine yet is recorded all the same (the user was rung
-- and pays for it), with machine_id NULL; only an inbound call may have none. SQLite cannot drop
-- a NOT NULL in place, so calls is rebuilt by SQLite's procedure for "other kinds of table schema
-- changes": a new table, the rows copied (rowids kept), the old one dropped, the new one renamed,
-- its indexes made again. With foreign keys on, dropping calls would delete its rows on behalf of
-- the deliveries that refer to them, and SQLite ignores turning them off inside a transaction:
-- the first line has SchemaMigrations run this script on a connection with foreign keys off and
-- commit it only if PRAGMA foreign_key_check then finds every reference whole. deliveries refers
-- to calls by name, so its references hold again once calls_new is renamed.
CREATE TABLE calls_new (
    id                     TEXT PRIMARY KEY,
    user_id                TEXT NOT NULL REFERENCES users (id),
    machine_id             TEXT REFERENCES machines (id),
    direction              TEXT NOT NULL CHECK (direction IN ('outbound', 'inbound')),
    from_number            TEXT NOT NULL,
    to_number              TEXT NOT NULL,
    task                   TEXT NOT NULL,
    origin_session_key     TEXT NOT NULL,
    origin_session_source  TEXT NOT NULL CHECK (origin_session_source IN ('agent', 'dashboard', 'default')),
    provider_call_id       TEXT UNIQUE,
    status                 TEXT NOT NULL CHECK (status IN ('initiated', 'completed', 'failed', 'no_answer', 'voicemail')),
    duration_seconds       INTEGER NOT NULL CHECK (duration_seconds >= 0),
    recording_url          TEXT,
    cost_micros            INTEGER NOT NULL CHECK (cost_micros >= 0),
    created_at             TEXT NOT NULL,
    completed_at           TEXT,
    max_duration_minutes   INTEGER NOT NULL DEFAULT 0 CHECK (max_duration_minutes >= 0),
    text_id                INTEGER REFERENCES call_texts (id),
    writes_transcript_file INTEGER NOT NULL DEFAULT 1 CHECK (writes_transcript_file IN (0, 1)),
    CHECK ((status = 'initiated') = (completed_at IS NULL)),
    CHECK (machine_id IS NOT NULL OR direction = 'inbound')
) STRICT;

INSERT INTO calls_new (rowid, id, user_id, machine_id, direction, from_number, to_number, task, origin_session_key,
        origin_session_source, provider_call_id, status, duration_seconds, recording_url, cost_micros, created_at,
        completed_at, max_duration_minutes, text_id, writes_transcript_file)
    SELECT rowid, id, user_id, machine_id, direction, from_number, to_number, task, origin_session_key,
        origin_session_source, provider_call_id, status, duration_seconds, recording_url, cost_micros, created_at,
        completed_at, max_duration_minutes, text_id, writes_transcript_file
    FROM calls;

DROP TABLE calls;
ALTER TABLE calls_new RENAME TO calls;

-- Every index calls had (V1, V6); the UNIQUE of provider_call_id comes with the table.
CREATE INDEX calls_by_user_created ON calls (user_id, created_at);
CREATE INDEX calls_in_flight ON calls (user_id) WHERE status = 'initiated';

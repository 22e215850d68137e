-- Caps that do not leak: a call in flight holds the maximum duration it was granted (minutes)
-- against the month until its outcome replaces it by the seconds it really lasted. Calls
-- stored before this version, and calls inserted without a reservation, hold none.
ALTER TABLE calls ADD COLUMN max_duration_minutes INTEGER NOT NULL DEFAULT 0 CHECK (max_duration_minutes >= 0);

CREATE INDEX calls_by_user_status ON calls (user_id, status);

-- Inbound calls are matched to their user by the number they rang.
CREATE INDEX users_by_phone_number ON users (phone_number);

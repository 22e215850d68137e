-- A third step, for a database that recorded a later version without this one.
ALTER TABLE notes ADD COLUMN written_at TEXT;

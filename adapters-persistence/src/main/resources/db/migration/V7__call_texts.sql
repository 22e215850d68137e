-- A call's transcript and summary, in a table of their own. They arrive with the call's end, so
-- in the calls table each completion grew its row by the transcript (most of a kilobyte, often
-- more) and split its page: in a capture of the WAL under webhook ingest, half of all frames
-- written were pages of calls. Here each call's texts are appended once, under an id of their
-- own, and the call's row keeps the size it was placed with plus that id. A call without texts
-- (every call in flight) holds NULL, so reading it reads nothing here.
CREATE TABLE call_texts (
    id         INTEGER PRIMARY KEY,
    transcript TEXT NOT NULL,
    summary    TEXT NOT NULL
) STRICT;

ALTER TABLE calls ADD COLUMN text_id INTEGER REFERENCES call_texts (id);

INSERT INTO call_texts (id, transcript, summary)
    SELECT rowid, transcript, summary FROM calls WHERE transcript <> '' OR summary <> '';
UPDATE calls SET text_id = rowid WHERE transcript <> '' OR summary <> '';

ALTER TABLE calls DROP COLUMN transcript;
ALTER TABLE calls DROP COLUMN summary;

-- migration: foreign_keys=off
-- Rebuilds a table others refer to, as SQLite's procedure does it.
CREATE TABLE parents_new (id INTEGER PRIMARY KEY, name TEXT) STRICT;
INSERT INTO parents_new (id, name) SELECT id, name FROM parents;
DROP TABLE parents;
ALTER TABLE parents_new RENAME TO parents;

-- migration: foreign_keys=off
-- Leaves a child without its parent: must not be committed.
CREATE TABLE parents_new (id INTEGER PRIMARY KEY, name TEXT) STRICT;
INSERT INTO parents_new (id, name) SELECT id, name FROM parents WHERE id <> 1;
DROP TABLE parents;
ALTER TABLE parents_new RENAME TO parents;

-- A second step, applied only to a database at version 1.
ALTER TABLE notes ADD COLUMN author TEXT;
UPDATE notes SET author = 'migration';

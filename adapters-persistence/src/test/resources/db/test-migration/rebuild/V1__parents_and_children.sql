CREATE TABLE parents (id INTEGER PRIMARY KEY, name TEXT NOT NULL) STRICT;
CREATE TABLE children (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parents (id)) STRICT;
INSERT INTO parents (id, name) VALUES (1, 'one'), (2, 'two');
INSERT INTO children (id, parent_id) VALUES (10, 1), (20, 2);

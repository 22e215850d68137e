-- Placeholder: version 4 belongs to another branch's migration (wave 2). Delete this file when that
-- migration is merged; it only keeps the version sequence gap-free on this branch.
DROP TABLE IF EXISTS reserved_placeholder_v4;

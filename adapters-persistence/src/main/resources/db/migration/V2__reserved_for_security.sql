-- Placeholder: version 2 belongs to the security branch, which was written in parallel with
-- version 3. This branch needs an unbroken sequence to run; when both are merged, the security
-- branch's V2 replaces this file (a database that already ran this no-op keeps working, since
-- a placeholder changes nothing).
DROP TABLE IF EXISTS reserved_v2_placeholder;

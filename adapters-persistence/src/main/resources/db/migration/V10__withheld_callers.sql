-- Changes no table: it raises the schema version. From this version an inbound call whose caller
-- withheld their number is stored with from_number '' (no E.164 number is empty); builds before it
-- read every from_number as a number and would fail on such a call, so they must refuse the file
-- (a database newer than the build is refused at start) rather than open it.
SELECT 1;

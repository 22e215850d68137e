-- Calls in flight, by user: what a placement's reservation and the overdue-call sweep read. The
-- index it replaces, (user_id, status), also held every ended call, and each completion moved its
-- call's entry from one end of the user's entries to the other: in a capture of the WAL under
-- ingest, 12-15 % of all frames written were pages of that index. An ended call now only leaves
-- this one, and it stays as small as the number of calls ringing.
CREATE INDEX calls_in_flight ON calls (user_id) WHERE status = 'initiated';
DROP INDEX calls_by_user_status;

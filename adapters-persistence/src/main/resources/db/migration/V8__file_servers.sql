-- Whether a machine has a file server beside its gateway (POST /files/upload), where a call's
-- transcript is written into the agent's workspace. Every machine of the hosted platform has one;
-- a bare gateway on a personal machine has none, and its calls' transcripts then reach the agent
-- in the notification alone. Existing machines keep what they had: the file.
ALTER TABLE machines ADD COLUMN file_server INTEGER NOT NULL DEFAULT 1 CHECK (file_server IN (0, 1));

-- Fixed when a call begins, from its machine, so that ending it reads nothing but the call.
ALTER TABLE calls ADD COLUMN writes_transcript_file INTEGER NOT NULL DEFAULT 1 CHECK (writes_transcript_file IN (0, 1));

-- Several replicas on one database (issue 20, "Outgoing actions from any replica go through the
-- journal"): a replica that does not lead the engine hands its request to the leader through the
-- action journal. Such a row starts `queued` with `outgoing` (the unsigned message, never a key);
-- the leader claims it (`claimed_by`, a token of its term as leader), writes the event it signed
-- into `outgoing_event` before publishing it (so a new leader publishes that same event, never a
-- second one), and records the node's answer in `reply` for the replica that waits on the row.
ALTER TABLE action_journal DROP CONSTRAINT IF EXISTS action_journal_state_check;
ALTER TABLE action_journal ADD CONSTRAINT action_journal_state_check CHECK (state IN ('queued', 'sent', 'acknowledged', 'refused', 'no-answer', 'reconciled'));
ALTER TABLE action_journal ADD COLUMN outgoing TEXT;
ALTER TABLE action_journal ADD COLUMN outgoing_event TEXT;
ALTER TABLE action_journal ADD COLUMN claimed_by TEXT;
ALTER TABLE action_journal ADD COLUMN reply TEXT;
CREATE INDEX action_journal_queued ON action_journal (created_at) WHERE state = 'queued';

-- The attachment archive's sealed blobs, shared by every replica (the data directory is not).
CREATE TABLE attachment_blobs (
	sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
	sealed TEXT NOT NULL,
	size BIGINT NOT NULL,
	stored_at BIGINT NOT NULL
);

-- A chat message a follower wrote to a party: the signed outer event (public, no key) waits here
-- for the leader to publish it; cleared once a relay accepted it (republishing the same event is
-- harmless: relays keep one copy of an id).
ALTER TABLE chat_messages ADD COLUMN outgoing_event TEXT;
CREATE INDEX chat_messages_outgoing ON chat_messages (id) WHERE outgoing_event IS NOT NULL;

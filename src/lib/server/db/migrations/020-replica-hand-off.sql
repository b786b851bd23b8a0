-- Several replicas on one database (issue 20, "Outgoing actions from any replica go through the
-- journal"): a replica that does not lead the engine hands its request to the leader through the
-- action journal. Such a row starts `queued` with `outgoing` (the unsigned message, never a key);
-- the leader claims it (`claimed_by`, a token of its term as leader), writes the event it signed
-- into `outgoing_event` before publishing it (so a new leader publishes that same event, never a
-- second one), and records the node's answer in `reply` for the replica that waits on the row.
-- SQLite has one process, which always leads, so these columns stay empty there; the table is
-- rebuilt only to widen the state check. Foreign keys are off while migrations run.
CREATE TABLE action_journal_next (
	id INTEGER PRIMARY KEY,
	request_id INTEGER NOT NULL UNIQUE,
	action TEXT NOT NULL,
	dispute_id TEXT,
	order_id TEXT,
	actor_user_id INTEGER REFERENCES users (id),
	signer_pubkey TEXT NOT NULL,
	event_id TEXT,
	state TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'acknowledged', 'refused', 'no-answer', 'reconciled')),
	reason TEXT,
	receipts TEXT NOT NULL DEFAULT '[]',
	details TEXT NOT NULL DEFAULT '{}',
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	outgoing TEXT,
	outgoing_event TEXT,
	claimed_by TEXT,
	reply TEXT
);
INSERT INTO action_journal_next (id, request_id, action, dispute_id, order_id, actor_user_id, signer_pubkey, event_id, state, reason, receipts, details, created_at, updated_at)
	SELECT id, request_id, action, dispute_id, order_id, actor_user_id, signer_pubkey, event_id, state, reason, receipts, details, created_at, updated_at FROM action_journal;
DROP TABLE action_journal;
ALTER TABLE action_journal_next RENAME TO action_journal;
CREATE INDEX action_journal_dispute ON action_journal (dispute_id, created_at);
CREATE INDEX action_journal_state ON action_journal (state);
CREATE INDEX action_journal_queued ON action_journal (created_at) WHERE state = 'queued';

-- The attachment archive's sealed blobs where replicas share no data directory (PostgreSQL).
-- SQLite keeps them under <dataDir>/attachments (blob-store.ts); the table exists in both
-- dialects so the schema is one, and stays empty on SQLite.
CREATE TABLE attachment_blobs (
	sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
	sealed TEXT NOT NULL,
	size INTEGER NOT NULL,
	stored_at INTEGER NOT NULL
);

-- A chat message a follower wrote to a party: the signed outer event (public, no key) waits here
-- for the leader to publish it; cleared once a relay accepted it (republishing the same event is
-- harmless: relays keep one copy of an id).
ALTER TABLE chat_messages ADD COLUMN outgoing_event TEXT;
CREATE INDEX chat_messages_outgoing ON chat_messages (id) WHERE outgoing_event IS NOT NULL;

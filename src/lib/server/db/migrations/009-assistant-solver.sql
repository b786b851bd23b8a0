-- The node's assistant solver (UPSTREAM-0.19.md §8). The dispute event never names its holder and
-- disputes.holder_user_id only points at console users, so a holder outside the console that the
-- console has learned is kept here, one row per dispute. `learned_from` says how: today only
-- 'assistant_message' (the assistant's own "taken" message); a refusal or SolverDisputeInfo never
-- names the holder. The row is deleted when a console user takes the dispute.
CREATE TABLE dispute_outside_holders (
	dispute_id TEXT PRIMARY KEY,
	holder_pubkey TEXT NOT NULL,
	learned_from TEXT NOT NULL,
	learned_at INTEGER NOT NULL
);

-- The assistant's `send-dm` messages to the console's solver keys, filed under the dispute their
-- text names (`Dispute <id> · <subject>`). Untrusted text, capped before storage. The same text
-- sent to several of our keys is kept once.
CREATE TABLE assistant_messages (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	dispute_id TEXT NOT NULL,
	event_id TEXT NOT NULL UNIQUE,
	sender_pubkey TEXT NOT NULL,
	recipient_pubkey TEXT NOT NULL,
	subject TEXT NOT NULL,
	body TEXT NOT NULL,
	content_hash TEXT NOT NULL,
	sent_at INTEGER NOT NULL,
	received_at INTEGER NOT NULL,
	UNIQUE (dispute_id, sender_pubkey, sent_at, content_hash)
);
CREATE INDEX assistant_messages_by_dispute ON assistant_messages (dispute_id, sent_at);

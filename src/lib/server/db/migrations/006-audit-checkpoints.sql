-- Signed checkpoints of the audit chain's head: the console key (sealed) signs the newest
-- entry's id and hash from time to time, so cutting entries off the end of the log is
-- detectable too (the hash chain alone only proves what remains is consistent).

CREATE TABLE console_key (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	pubkey TEXT NOT NULL,
	secret_sealed TEXT NOT NULL,
	created_at INTEGER NOT NULL
);

CREATE TABLE audit_checkpoints (
	id INTEGER PRIMARY KEY,
	entry_id INTEGER NOT NULL,
	head_hash TEXT NOT NULL,
	signed_at INTEGER NOT NULL,
	pubkey TEXT NOT NULL,
	signature TEXT NOT NULL
);
CREATE INDEX audit_checkpoints_entry ON audit_checkpoints (entry_id);

CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints
BEGIN
	SELECT RAISE(ABORT, 'audit_checkpoints is append-only');
END;

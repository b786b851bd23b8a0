-- PostgreSQL twin of ../011-attachment-archive.sql: one row per blob the console tried to keep,
-- by the SHA-256 of its published bytes; the sealed bytes are files in the data directory.
CREATE TABLE attachment_archive (
	sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
	state TEXT NOT NULL CHECK (state IN ('archived', 'failed')),
	url TEXT NOT NULL,
	host TEXT NOT NULL,
	size BIGINT,
	failure TEXT,
	attempts INTEGER NOT NULL DEFAULT 0,
	first_tried_at BIGINT NOT NULL,
	last_tried_at BIGINT NOT NULL,
	archived_at BIGINT
);
CREATE INDEX attachment_archive_failed ON attachment_archive (state, last_tried_at);

-- The attachment archive (issue 15): one row per blob the console has tried to keep, by the
-- SHA-256 of its bytes as published (the ciphertext). The bytes themselves are sealed files in
-- the data directory (attachments/<first two hex>/<sha256>); this row says whether the copy
-- exists and, when it does not, which host failed and why.
CREATE TABLE attachment_archive (
	sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
	state TEXT NOT NULL CHECK (state IN ('archived', 'failed')),
	-- The descriptor's blossom URL it was (last) fetched or tried from, and its host[:port].
	url TEXT NOT NULL,
	host TEXT NOT NULL,
	size INTEGER,
	-- i18n key of the last failure (null once archived).
	failure TEXT,
	attempts INTEGER NOT NULL DEFAULT 0,
	first_tried_at INTEGER NOT NULL,
	last_tried_at INTEGER NOT NULL,
	archived_at INTEGER
);
CREATE INDEX attachment_archive_failed ON attachment_archive (state, last_tried_at);

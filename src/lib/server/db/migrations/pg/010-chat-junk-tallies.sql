-- PostgreSQL twin of ../010-chat-junk-tallies.sql: outer-id lookups per conversation, counted
-- junk (one row per conversation and reason, its bit filter as BYTEA), and the false "replay"
-- rejections of messages already stored removed.
CREATE INDEX chat_messages_outer ON chat_messages (dispute_id, party, outer_id);

CREATE TABLE chat_junk_tallies (
	dispute_id TEXT NOT NULL,
	party TEXT NOT NULL CHECK (party IN ('buyer', 'seller')),
	reason TEXT NOT NULL,
	n INTEGER NOT NULL,
	seen BYTEA NOT NULL,
	first_at BIGINT NOT NULL,
	last_at BIGINT NOT NULL,
	PRIMARY KEY (dispute_id, party, reason)
);

DELETE FROM chat_rejections
WHERE EXISTS (
	SELECT 1 FROM chat_messages m
	WHERE m.dispute_id = chat_rejections.dispute_id AND m.party = chat_rejections.party AND m.outer_id = chat_rejections.outer_id
);

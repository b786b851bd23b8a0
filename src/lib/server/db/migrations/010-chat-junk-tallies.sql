-- Dispute chat: durable dedup and bounded junk (issue 15).
-- Outer event ids of stored messages are looked up per conversation, so an event a relay
-- delivers again after a restart is recognised as the message already stored.
CREATE INDEX chat_messages_outer ON chat_messages (dispute_id, party, outer_id);

-- Rejections of events that carry no signature of a party (anyone can post to a legacy
-- conversation tag) are counted, never stored one by one: one row per conversation and
-- reason. `seen` is a fixed-size bit filter of the outer ids already counted, so the same
-- junk delivered again after a restart is not counted twice.
CREATE TABLE chat_junk_tallies (
	dispute_id TEXT NOT NULL,
	party TEXT NOT NULL CHECK (party IN ('buyer', 'seller')),
	reason TEXT NOT NULL,
	n INTEGER NOT NULL,
	seen BLOB NOT NULL,
	first_at INTEGER NOT NULL,
	last_at INTEGER NOT NULL,
	PRIMARY KEY (dispute_id, party, reason)
);

-- Before this migration a message re-delivered after a restart was stored as a rejection
-- ("replay") although its outer event is the one already accepted: those rows are false.
DELETE FROM chat_rejections
WHERE EXISTS (
	SELECT 1 FROM chat_messages m
	WHERE m.dispute_id = chat_rejections.dispute_id AND m.party = chat_rejections.party AND m.outer_id = chat_rejections.outer_id
);

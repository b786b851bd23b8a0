-- Team workflow (issue 17, "Hand-over and notes"): private case notes, written by mediators and
-- operators and never sent to the parties, and hand-overs of a case from its holder to a
-- colleague. Both belong to the case-notes module (src/lib/server/case-notes/).
CREATE TABLE case_notes (
	id INTEGER PRIMARY KEY,
	dispute_id TEXT NOT NULL,
	author_user_id INTEGER NOT NULL REFERENCES users (id),
	body TEXT NOT NULL,
	created_at INTEGER NOT NULL
);
CREATE INDEX case_notes_dispute ON case_notes (dispute_id, created_at);

-- state: offered (waiting for the colleague), taken, withdrawn, superseded (another hand-over
-- or take replaced it). route: solver (the colleague's key may take over) or operator (the node
-- would refuse the colleague; only the node key can move it).
CREATE TABLE case_handovers (
	id INTEGER PRIMARY KEY,
	dispute_id TEXT NOT NULL,
	from_user_id INTEGER NOT NULL REFERENCES users (id),
	to_user_id INTEGER NOT NULL REFERENCES users (id),
	note TEXT NOT NULL,
	route TEXT NOT NULL,
	refusal TEXT,
	state TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	resolved_at INTEGER
);
CREATE INDEX case_handovers_dispute ON case_handovers (dispute_id, state);
CREATE INDEX case_handovers_to ON case_handovers (to_user_id, state);

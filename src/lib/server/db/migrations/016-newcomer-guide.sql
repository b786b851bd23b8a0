-- The sandbox's newcomer guide on the board: when each user dismissed it (null: still shown).
ALTER TABLE users ADD COLUMN newcomer_guide_dismissed_at INTEGER;

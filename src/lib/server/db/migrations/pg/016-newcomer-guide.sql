-- PostgreSQL twin of ../016-newcomer-guide.sql: when each user dismissed the sandbox's newcomer
-- guide on the board (null: still shown).
ALTER TABLE users ADD COLUMN newcomer_guide_dismissed_at BIGINT;

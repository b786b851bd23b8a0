-- Dispute chat, "send again" (issue 15, "Nothing lost"): the signed outer event of a message
-- sent from this console, kept so that a message no relay accepted can be published again as
-- the very same event (same id: relays and the party keep one copy). Public ciphertext only;
-- null for messages received, and for messages sent before this column existed.
ALTER TABLE chat_messages ADD COLUMN outer_event TEXT;

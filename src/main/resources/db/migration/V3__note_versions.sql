-- Counts each note's changes. It is the note's ETag, so that an edit or delete made from a stale copy (If-Match) is
-- refused instead of overwriting a change the client never saw. A constant default adds the column without
-- rewriting the table (PostgreSQL 11+), so existing notes start at 0.
ALTER TABLE notes ADD COLUMN version bigint NOT NULL DEFAULT 0;

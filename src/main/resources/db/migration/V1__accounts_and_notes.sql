-- Accounts: usernames are unique regardless of case; the name is kept as the user typed it.
CREATE TABLE accounts (
    id            uuid                        PRIMARY KEY,
    username      varchar(64)                 NOT NULL,
    password_hash varchar(100)                NOT NULL,
    created_at    timestamp(6) with time zone NOT NULL
);
CREATE UNIQUE INDEX accounts_username_lower_key ON accounts (lower(username));

-- Notes belong to one account and go with it.
CREATE TABLE notes (
    id         uuid                        PRIMARY KEY,
    owner_id   uuid                        NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    title      varchar(200)                NOT NULL,
    body       varchar(10000)              NOT NULL,
    created_at timestamp(6) with time zone NOT NULL,
    updated_at timestamp(6) with time zone NOT NULL
);
-- Serves the owner's newest-first keyset pagination.
CREATE INDEX notes_owner_created_idx ON notes (owner_id, created_at DESC, id DESC);

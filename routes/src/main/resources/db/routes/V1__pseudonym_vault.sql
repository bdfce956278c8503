-- Pseudonym vault: one random public ID per (assigning authority, identifier).
-- The identifier is stored only as HMAC-SHA256 under the vault key, so the table alone
-- re-identifies no one and the public ID is not derived from the identifier (HIPAA 164.514(c)).
CREATE TABLE pseudonym (
    lookup_hash BYTEA PRIMARY KEY,
    public_id   TEXT NOT NULL UNIQUE,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- The identity envelope: the (assigning authority, identifier) a public ID stands for, sealed with
-- AES-256-GCM under the vault's envelope key (12-byte nonce || ciphertext || tag). Readable only with
-- that key, for the patient-key and consent work that must map a public ID back to a person.
-- Rows written before this column existed have no envelope.
ALTER TABLE pseudonym ADD COLUMN identity_envelope BYTEA;

-- ADT^A40 merges: the prior patient's public ID now belongs to the survivor's. Both IDs stay valid,
-- so events published before the merge still resolve.
CREATE TABLE pseudonym_merge (
    survivor_public_id TEXT NOT NULL REFERENCES pseudonym (public_id),
    prior_public_id    TEXT NOT NULL REFERENCES pseudonym (public_id),
    merged_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (survivor_public_id, prior_public_id),
    CHECK (survivor_public_id <> prior_public_id)
);

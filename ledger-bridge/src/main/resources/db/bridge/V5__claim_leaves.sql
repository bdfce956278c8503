-- Beside each claim event its batch anchors a claim leaf (ClaimLeaf: the event hash and the digest of the
-- claim's adjudicated fields); ClaimSettlement pays only a claim whose fields give that leaf.
CREATE TABLE claim_leaf_proof (
    event_id   TEXT PRIMARY KEY REFERENCES event_proof (event_id),
    batch_id   TEXT NOT NULL REFERENCES batch (batch_id),
    leaf_value TEXT NOT NULL,
    leaf_index INT NOT NULL,
    proof      TEXT[] NOT NULL
);

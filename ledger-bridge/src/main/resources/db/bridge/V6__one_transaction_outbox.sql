-- One outbox for every transaction CareLedger signs (anchors, claim submissions, and the registry
-- and supply-chain calls that follow): each signed transaction is written here before it is broadcast,
-- under the kind and id of the work it does. Replacements share their work's id and nonce. An attempt
-- is open until its work is done; the open attempts of a key hold the nonces a restart must rebroadcast.
CREATE TABLE chain_tx (
    tx_hash              TEXT PRIMARY KEY,
    work_kind            TEXT NOT NULL,          -- anchor, claims, ...
    work_id              TEXT NOT NULL,          -- a batch id, a claim submission id, ...
    chain_id             BIGINT NOT NULL,
    sender               TEXT NOT NULL,
    to_address           TEXT NOT NULL,
    nonce                BIGINT NOT NULL,
    max_fee_wei          NUMERIC(78) NOT NULL,
    max_priority_fee_wei NUMERIC(78) NOT NULL,
    gas_limit            BIGINT NOT NULL,
    raw_tx               TEXT NOT NULL,          -- calldata holds hashes, ids and amounts only
    created_at           TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    closed_at            TIMESTAMPTZ
);
CREATE INDEX chain_tx_work ON chain_tx (work_kind, work_id, created_at);
CREATE INDEX chain_tx_open_nonce ON chain_tx (chain_id, sender, nonce) WHERE closed_at IS NULL;

INSERT INTO chain_tx (tx_hash, work_kind, work_id, chain_id, sender, to_address, nonce, max_fee_wei, max_priority_fee_wei,
                      gas_limit, raw_tx, created_at, closed_at)
SELECT a.tx_hash, 'anchor', a.batch_id, b.chain_id, a.sender, b.contract, a.nonce, a.max_fee_wei, a.max_priority_fee_wei,
       a.gas_limit, a.raw_tx, a.created_at, CASE WHEN b.status = 'confirmed' THEN now() END
FROM anchor_attempt a JOIN batch b ON b.batch_id = a.batch_id;

-- A claim submission is known by the hash of its first transaction; claims point at it while submitted.
ALTER TABLE claim ADD COLUMN submission_id TEXT;
UPDATE claim SET submission_id = tx_hash WHERE status = 'submitted';
CREATE INDEX claim_submission ON claim (submission_id) WHERE status = 'submitted';

-- The old claim table kept neither fees nor gas: a stored claim transaction was only ever rebroadcast.
-- Its fees are read back from the signed bytes when it is replaced, so zero here only means "unknown".
INSERT INTO chain_tx (tx_hash, work_kind, work_id, chain_id, sender, to_address, nonce, max_fee_wei, max_priority_fee_wei,
                      gas_limit, raw_tx, created_at, closed_at)
SELECT a.tx_hash, 'claims', a.tx_hash, coalesce(b.chain_id, 0), a.sender, '', a.nonce, 0, 0, 0, a.raw_tx, a.created_at,
       CASE WHEN EXISTS (SELECT 1 FROM claim c WHERE c.submission_id = a.tx_hash) THEN NULL ELSE now() END
FROM claim_attempt a
LEFT JOIN claim c1 ON c1.claim_id = a.claim_ids[1]
LEFT JOIN batch b ON b.batch_id = c1.anchor_batch_id;

DROP TABLE anchor_attempt;
DROP TABLE claim_attempt;

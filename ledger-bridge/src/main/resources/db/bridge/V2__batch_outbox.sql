-- The bridge as an outbox: a batch and its proofs are stored when the batch closes, every signed
-- transaction is stored before it is broadcast, and Kafka offsets are committed only up to the
-- batches that are confirmed. A restart resumes from these rows, never from memory.
ALTER TABLE batch
    ALTER COLUMN tx_hash DROP NOT NULL,
    ALTER COLUMN block_number DROP NOT NULL,
    ALTER COLUMN gas_used DROP NOT NULL,
    ADD COLUMN owner TEXT NOT NULL DEFAULT '',              -- consumer group that closed the batch
    ADD COLUMN seq BIGSERIAL,                               -- closing order
    ADD COLUMN block_hash TEXT,
    ADD COLUMN status_reason TEXT,
    ADD COLUMN updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    ADD COLUMN confirmed_at TIMESTAMPTZ;

CREATE INDEX batch_unresolved ON batch (owner, seq) WHERE status <> 'confirmed';
CREATE INDEX batch_confirmed_block ON batch (owner, block_number) WHERE status = 'confirmed';

-- The Kafka offsets a batch covers, one row per topic partition.
CREATE TABLE batch_range (
    batch_id        TEXT NOT NULL REFERENCES batch (batch_id),
    topic           TEXT NOT NULL,
    kafka_partition INTEGER NOT NULL,
    first_offset    BIGINT NOT NULL,
    last_offset     BIGINT NOT NULL,
    PRIMARY KEY (batch_id, topic, kafka_partition)
);
CREATE INDEX batch_range_position ON batch_range (topic, kafka_partition, last_offset);

-- Every signed anchor transaction, written before broadcast. The raw transaction carries the
-- batch id, root and count only.
CREATE TABLE anchor_attempt (
    tx_hash              TEXT PRIMARY KEY,
    batch_id             TEXT NOT NULL REFERENCES batch (batch_id),
    sender               TEXT NOT NULL,
    nonce                BIGINT NOT NULL,
    max_fee_wei          NUMERIC(78) NOT NULL,
    max_priority_fee_wei NUMERIC(78) NOT NULL,
    gas_limit            BIGINT NOT NULL,
    raw_tx               TEXT NOT NULL,
    created_at           TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX anchor_attempt_batch ON anchor_attempt (batch_id, created_at);
CREATE INDEX anchor_attempt_sender ON anchor_attempt (sender, nonce);

CREATE TABLE batch_status_change (
    id        BIGSERIAL PRIMARY KEY,
    batch_id  TEXT NOT NULL REFERENCES batch (batch_id),
    status    TEXT NOT NULL,
    reason    TEXT,
    tx_hash   TEXT,
    at        TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX batch_status_change_batch ON batch_status_change (batch_id, id);

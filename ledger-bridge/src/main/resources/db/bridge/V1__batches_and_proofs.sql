-- Anchored batches and one proof per event. Rows are written in one transaction after the
-- anchor has its confirmations and before the Kafka offsets are committed.
CREATE TABLE batch (
    batch_id      TEXT PRIMARY KEY,            -- 0x-hex bytes32
    root          TEXT NOT NULL,
    event_count   INTEGER NOT NULL,
    offsets       TEXT NOT NULL,               -- topic-partition:first-last, ...
    chain_id      BIGINT NOT NULL,
    contract      TEXT NOT NULL,
    tx_hash       TEXT NOT NULL,
    block_number  BIGINT NOT NULL,
    gas_used      BIGINT NOT NULL,
    status        TEXT NOT NULL,
    anchored_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE event_proof (
    event_id      TEXT PRIMARY KEY,
    batch_id      TEXT NOT NULL REFERENCES batch (batch_id),
    event_hash    TEXT NOT NULL,
    leaf          TEXT NOT NULL,
    leaf_index    INTEGER NOT NULL,
    proof         TEXT[] NOT NULL,
    topic         TEXT NOT NULL,
    kafka_partition INTEGER NOT NULL,
    kafka_offset  BIGINT NOT NULL
);

CREATE INDEX event_proof_batch ON event_proof (batch_id);

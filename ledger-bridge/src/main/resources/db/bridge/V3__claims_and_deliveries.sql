-- Claims to settle, their transactions, and the payers' webhook deliveries. A claim holds ids, hashes,
-- codes and amounts only: the member is the patient's public ID, never an identifier.
CREATE TABLE claim (
    claim_id        TEXT PRIMARY KEY,          -- 0x-hex bytes32: keccak256 of the claim's pseudonymous identifier
    claim_key       TEXT NOT NULL,             -- that identifier (Claim.identifier, a public ID)
    event_id        TEXT NOT NULL UNIQUE,
    topic           TEXT NOT NULL,
    kafka_partition INTEGER NOT NULL,
    kafka_offset    BIGINT NOT NULL,
    member          TEXT,                      -- the patient's public ID (the event's subject)
    provider_id     TEXT,
    payer_id        TEXT,
    plan_code       TEXT,
    service_day     BIGINT,                    -- unix days
    currency        TEXT,
    claim_type      TEXT NOT NULL DEFAULT 'institutional',  -- Claim.type: institutional, professional, ...
    lines           JSONB NOT NULL DEFAULT '[]',  -- [{code, billed}] billed in the token's minor units
    billed          NUMERIC(80),
    status          TEXT NOT NULL,
    status_reason   TEXT,
    solo            BOOLEAN NOT NULL DEFAULT false, -- refused inside a batch: submitted alone from now on
    next_try_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    anchor_batch_id TEXT,
    event_hash      TEXT,
    tx_hash         TEXT,
    block_number    BIGINT,
    paid            NUMERIC(80),
    line_paid       JSONB,
    line_outcomes   JSONB,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX claim_open ON claim (status, next_try_at) WHERE status IN ('received', 'pending-escrow', 'submitted');
CREATE INDEX claim_key ON claim (claim_key);

CREATE TABLE claim_status_change (
    id        BIGSERIAL PRIMARY KEY,
    claim_id  TEXT NOT NULL REFERENCES claim (claim_id),
    status    TEXT NOT NULL,
    reason    TEXT,
    tx_hash   TEXT,
    at        TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX claim_status_change_claim ON claim_status_change (claim_id, id);

-- Every signed settlement transaction, written before broadcast.
CREATE TABLE claim_attempt (
    tx_hash    TEXT PRIMARY KEY,
    claim_ids  TEXT[] NOT NULL,
    sender     TEXT NOT NULL,
    nonce      BIGINT NOT NULL,
    raw_tx     TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
);

-- How far the settlement events have been read (the last block at the confirmation depth).
CREATE TABLE chain_cursor (
    name   TEXT PRIMARY KEY,
    block  BIGINT NOT NULL
);

CREATE TABLE payer_subscription (
    subscription_id TEXT PRIMARY KEY,
    payer_id        TEXT NOT NULL,
    url             TEXT NOT NULL,
    secret          TEXT NOT NULL,
    active          BOOLEAN NOT NULL DEFAULT true,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX payer_subscription_payer ON payer_subscription (payer_id) WHERE active;

CREATE TABLE webhook_delivery (
    delivery_id     TEXT PRIMARY KEY,          -- also the idempotency key: one per subscription and claim
    subscription_id TEXT NOT NULL REFERENCES payer_subscription (subscription_id),
    claim_id        TEXT NOT NULL REFERENCES claim (claim_id),
    event_type      TEXT NOT NULL,
    payload         BYTEA NOT NULL,
    status          TEXT NOT NULL,             -- pending, delivered, dead
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    last_status     INTEGER,
    last_error      TEXT,
    delivered_at    TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    UNIQUE (subscription_id, claim_id)
);
CREATE INDEX webhook_delivery_due ON webhook_delivery (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_delivery_claim ON webhook_delivery (claim_id);

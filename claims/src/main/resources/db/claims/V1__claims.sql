-- The claims app's database: claims to settle, the providers' transactions, and the payers' webhook
-- subscriptions and deliveries. A claim holds ids, hashes, codes and amounts only: the member is the
-- patient's public ID, never an identifier. (The bridge's V3, V4 and V6 held these until claims
-- became their own app.)
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
    submission_id   TEXT,                      -- while submitted: the hash of its submission's first transaction
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
CREATE INDEX claim_submission ON claim (submission_id) WHERE status = 'submitted';

CREATE TABLE claim_status_change (
    id        BIGSERIAL PRIMARY KEY,
    claim_id  TEXT NOT NULL REFERENCES claim (claim_id),
    status    TEXT NOT NULL,
    reason    TEXT,
    tx_hash   TEXT,
    at        TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX claim_status_change_claim ON claim_status_change (claim_id, id);

-- How far the settlement events have been read (the last block at the confirmation depth).
CREATE TABLE chain_cursor (
    name   TEXT PRIMARY KEY,
    block  BIGINT NOT NULL
);

-- Webhook secrets are sealed (AES-256-GCM, WebhookSecrets) with the id of the key that sealed them;
-- a clear secret is only ever one copied from an older database, and is sealed at start-up.
CREATE TABLE payer_subscription (
    subscription_id TEXT PRIMARY KEY,
    payer_id        TEXT NOT NULL,
    url             TEXT NOT NULL,
    secret          TEXT,
    secret_key_id   TEXT,
    secret_sealed   BYTEA,
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

-- The transaction layer's outbox (careledger-tx), as in the bridge's database: each signed claim
-- submission is written here before it is broadcast, under its work's kind and id. Replacements share
-- their work's id and nonce; the open attempts of a key hold the nonces a restart must rebroadcast.
CREATE TABLE chain_tx (
    tx_hash              TEXT PRIMARY KEY,
    work_kind            TEXT NOT NULL,          -- claims
    work_id              TEXT NOT NULL,          -- a claim submission id
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

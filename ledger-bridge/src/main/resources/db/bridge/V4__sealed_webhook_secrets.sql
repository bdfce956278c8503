-- Webhook secrets are sealed (AES-256-GCM, WebhookSecrets) with the id of the key that sealed them.
-- Rows written before this keep their clear secret until the bridge seals it at start-up.
ALTER TABLE payer_subscription ADD COLUMN secret_key_id TEXT;
ALTER TABLE payer_subscription ADD COLUMN secret_sealed BYTEA;
ALTER TABLE payer_subscription ALTER COLUMN secret DROP NOT NULL;

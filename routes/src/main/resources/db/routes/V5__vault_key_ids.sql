-- Vault keys rotate: each row names the key its lookup hash was computed under and the key its identity
-- envelope was sealed under. A look-up hashes under every configured key, so a patient first seen under a
-- retired key keeps their public ID. NULL: written before key ids (the lookup key that was current
-- then; an envelope sealed without its key id bound in).
ALTER TABLE pseudonym
    ADD COLUMN lookup_key_id TEXT,
    ADD COLUMN envelope_key_id TEXT;

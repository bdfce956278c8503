-- A resend is the same (MSH-3, MSH-4, MSH-10) with the same content. Senders reuse control ids after
-- restarts and upgrades, so the content's digest (SHA-256, see Hl7ContentDigest) is part of the key:
-- the same key with another digest is a different message, stored on its own.
-- Rows from before this migration have no digest ('') and match no message: for one window after the
-- upgrade a resend of an older message is stored again, rather than risk dropping a different one.
ALTER TABLE accepted_message ADD COLUMN content_digest TEXT NOT NULL DEFAULT '';
ALTER TABLE accepted_message DROP CONSTRAINT accepted_message_pkey;
ALTER TABLE accepted_message ADD PRIMARY KEY (sending_application, sending_facility, control_id, content_digest);

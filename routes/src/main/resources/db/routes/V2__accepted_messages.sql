-- Messages already accepted, for duplicate detection: (MSH-3, MSH-4, MSH-10) within a window.
-- Control ids are the sender's own message ids, not patient data.
CREATE TABLE accepted_message (
    sending_application TEXT NOT NULL,
    sending_facility    TEXT NOT NULL,
    control_id          TEXT NOT NULL,
    accepted_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (sending_application, sending_facility, control_id)
);

CREATE INDEX accepted_message_age ON accepted_message (accepted_at);

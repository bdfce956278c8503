-- Claim settlement moved to its own app (claims/) with its own database (db/claims). The bridge keeps
-- batches, proofs, claim leaves and its anchoring transactions. A bridge database that still holds
-- claims, subscriptions or claim transactions is not emptied here: the migration stops, so nothing a
-- payer was told is lost, until the rows are copied to the claims database (claims/README.md).
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM claim) OR EXISTS (SELECT 1 FROM payer_subscription)
       OR EXISTS (SELECT 1 FROM chain_tx WHERE work_kind = 'claims') THEN
        RAISE EXCEPTION 'claims are stored in the bridge database: copy claim, claim_status_change, chain_cursor, '
            'payer_subscription, webhook_delivery and the claims rows of chain_tx to the claims database first (claims/README.md)';
    END IF;
END $$;

DROP TABLE webhook_delivery;
DROP TABLE payer_subscription;
DROP TABLE claim_status_change;
DROP TABLE claim;
DROP TABLE chain_cursor;

package org.careledger.contracts;

import org.careledger.contracts.generated.EventAnchor;

/** Deploys {@code EventAnchor} and registers the keys allowed to anchor. */
public final class AnchorDeployment {

    private AnchorDeployment() {
    }

    /**
     * Deploys a new anchor contract administered by the session's key and grants
     * {@code ANCHOR_ROLE} to each anchoring address; returns the contract address.
     */
    public static String deploy(ChainSession admin, String... anchoringAddresses) throws Exception {
        EventAnchor anchor = EventAnchor.deploy(admin.web3j(), admin.transactions(), admin.gas(), admin.address()).send();
        byte[] role = anchor.ANCHOR_ROLE().send();
        for (String address : anchoringAddresses) {
            anchor.grantRole(role, address).send();
        }
        return anchor.getContractAddress();
    }
}

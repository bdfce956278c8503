package org.careledger.tx;

/** The chain refuses the call (a revert while estimating), with the contract's error name as the reason. */
public final class ChainRefusal extends Exception {

    private final String reason;

    public ChainRefusal(String reason) {
        super("refused by the chain: " + reason);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}

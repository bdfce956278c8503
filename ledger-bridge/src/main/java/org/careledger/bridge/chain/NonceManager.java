package org.careledger.bridge.chain;

import java.io.IOException;
import java.util.function.LongSupplier;

/**
 * Hands out the nonces of one signing key. It starts after both the chain's pending count and the
 * highest nonce of a stored attempt still waiting to be mined (a transaction stored but never
 * broadcast keeps its nonce: it is rebroadcast, never replaced by a different payload), and
 * resynchronises when the node reports a nonce as used by someone else.
 */
public final class NonceManager {

    private final EvmAnchorChain chain;
    private final LongSupplier highestSigned;
    private long next = -1;

    /** @param highestSigned the highest nonce of this key's open attempts in the store, or -1 */
    public NonceManager(EvmAnchorChain chain, LongSupplier highestSigned) {
        this.chain = chain;
        this.highestSigned = highestSigned;
    }

    public synchronized long reserve() throws IOException {
        if (next < 0) {
            next = Math.max(chain.pendingNonce(), highestSigned.getAsLong() + 1);
        }
        return next++;
    }

    /** The node said a nonce is taken: start again from what the chain and the store know. */
    public synchronized void resync() {
        next = -1;
    }
}

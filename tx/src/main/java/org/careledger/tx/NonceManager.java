package org.careledger.tx;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands out the nonces of signing keys, one sequence per key and chain. A key's sequence starts
 * after both the chain's pending count and the highest nonce of an open stored attempt (a
 * transaction stored but never broadcast keeps its nonce: it is rebroadcast, never replaced by a
 * different payload), and resynchronises when the node reports a nonce as used by someone else.
 * Every contract a key calls on a chain draws from the same sequence, because the chain counts
 * nonces per account, not per contract: one instance serves every {@link Transactor} of a process.
 */
public final class NonceManager {

    private final Outbox outbox;
    private final Map<String, long[]> next = new ConcurrentHashMap<>();

    public NonceManager(Outbox outbox) {
        this.outbox = outbox;
    }

    public long reserve(Chain chain) throws IOException {
        long[] slot = next.computeIfAbsent(key(chain), k -> new long[] {-1});
        synchronized (slot) {
            if (slot[0] < 0) {
                slot[0] = Math.max(chain.pendingNonce(), outbox.highestOpenNonce(chain.chainId(), chain.sender()) + 1);
            }
            return slot[0]++;
        }
    }

    /** The node said a nonce is taken: this key starts again from what the chain and the store know. */
    public void resync(Chain chain) {
        long[] slot = next.get(key(chain));
        if (slot != null) {
            synchronized (slot) {
                slot[0] = -1;
            }
        }
    }

    private static String key(Chain chain) {
        return chain.chainId() + "/" + chain.sender().toLowerCase(java.util.Locale.ROOT);
    }
}

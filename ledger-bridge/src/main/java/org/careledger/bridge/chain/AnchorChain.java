package org.careledger.bridge.chain;

import java.io.IOException;

/** The chain as the batcher sees it: anchor a root once per batch id, and tell how deep a block is. */
public interface AnchorChain {

    /**
     * Anchors {@code root} for {@code batchId} and returns once the transaction has {@code confirmations}
     * blocks on top (inclusive). A batch id already anchored with the same root counts as success.
     */
    Anchored anchor(byte[] batchId, byte[] root, int eventCount, int confirmations) throws Exception;

    long headBlock() throws IOException;

    long chainId();

    String contractAddress();

    /** Where and how a root was anchored. */
    record Anchored(String txHash, long blockNumber, long gasUsed) {
    }
}

package org.careledger.bridge.merkle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.erdtman.jcs.JsonCanonicalizer;
import org.web3j.crypto.Hash;

/**
 * {@code eventHash = keccak256(RFC 8785 canonical JSON of the Kafka record value)}: anyone holding the
 * event can recompute it, whatever whitespace or key order the producer used.
 */
public final class EventHash {

    private EventHash() {
    }

    public static byte[] of(byte[] recordValue) throws IOException {
        String canonical = new JsonCanonicalizer(new String(recordValue, StandardCharsets.UTF_8)).getEncodedString();
        return Hash.sha3(canonical.getBytes(StandardCharsets.UTF_8));
    }
}

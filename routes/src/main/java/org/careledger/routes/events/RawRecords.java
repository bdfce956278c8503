package org.careledger.routes.events;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

import org.apache.camel.Message;
import org.careledger.crypto.Sealer;
import org.careledger.mappings.engine.MappingException;
import org.careledger.platform.raw.RawRecordCipher;
import org.careledger.routes.RawHeaders;

/**
 * Opening a record from a raw topic: under the key its header names, which must be the current or
 * a retired raw key, and its ciphertext must authenticate.
 */
final class RawRecords {

    private RawRecords() {
    }

    static byte[] open(Message in, RawRecordCipher cipher) throws MappingException {
        String keyId = header(in, RawHeaders.KEY_ID);
        try {
            return cipher.open(keyId == null ? cipher.keyId() : keyId, in.getBody(byte[].class));
        } catch (Sealer.UnknownKeyException e) {
            throw new MappingException("unknown-key-id", "careledger-key-id: no key configured for this id");
        } catch (GeneralSecurityException e) {
            throw new MappingException("undecryptable", "raw record: authentication failed");
        }
    }

    /** A header as text: Kafka hands headers over as bytes. */
    static String header(Message in, String name) {
        Object value = in.getHeader(name);
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return value == null ? null : value.toString();
    }
}

package org.careledger.routes.events;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

import org.apache.camel.Message;
import org.careledger.connectors.raw.RawRecordCipher;
import org.careledger.mappings.engine.MappingException;
import org.careledger.routes.RawHeaders;

/** Opening a record from a raw topic: its key id must be ours and its ciphertext must authenticate. */
final class RawRecords {

    private RawRecords() {
    }

    static byte[] open(Message in, RawRecordCipher cipher) throws MappingException {
        String keyId = in.getHeader(RawHeaders.KEY_ID, String.class);
        if (keyId != null && !keyId.equals(cipher.keyId())) {
            throw new MappingException("unknown-key-id", "careledger-key-id: no key configured for this id");
        }
        try {
            return cipher.open(in.getBody(byte[].class));
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

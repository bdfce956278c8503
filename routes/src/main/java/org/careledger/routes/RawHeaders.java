package org.careledger.routes;

import java.time.Instant;

import org.apache.camel.component.kafka.KafkaConstants;
import org.careledger.platform.raw.RawRecordCipher;

/** Kafka header names on the raw topics. None carries message content. */
public final class RawHeaders {

    public static final String FEED_ID = "careledger-feed-id";
    public static final String RECEIVED_AT = "careledger-received-at";
    public static final String KEY_ID = "careledger-key-id";
    public static final String CONTROL_ID = "careledger-control-id";
    public static final String SENDING_APPLICATION = "careledger-sending-application";
    public static final String SENDING_FACILITY = "careledger-sending-facility";
    public static final String CONTENT_TYPE = "careledger-content-type";
    public static final String RESOURCE_TYPE = "careledger-resource-type";

    private RawHeaders() {
    }

    /**
     * Makes the message a raw record: the encrypted bytes as body, keyed by feed (one feed's records
     * stay in order), with the headers every raw topic carries. Transport-specific headers are added
     * by the caller.
     */
    public static void seal(org.apache.camel.Message message, byte[] raw, RawRecordCipher cipher, String feedId) {
        message.setBody(cipher.seal(raw));
        message.setHeader(KafkaConstants.KEY, feedId);
        message.setHeader(FEED_ID, feedId);
        message.setHeader(RECEIVED_AT, Instant.now().toString());
        message.setHeader(KEY_ID, cipher.keyId());
    }
}

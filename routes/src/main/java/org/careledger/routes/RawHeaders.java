package org.careledger.routes;

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
}

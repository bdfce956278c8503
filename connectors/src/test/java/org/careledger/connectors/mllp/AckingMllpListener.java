package org.careledger.connectors.mllp;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mllp.MllpConstants;
import org.apache.camel.impl.DefaultCamelContext;

/** A Camel MLLP route on a free loopback port, through the given component, answering every frame with one fixed ACK. */
final class AckingMllpListener implements AutoCloseable {

    private final CamelContext camel;
    private final int port;

    private AckingMllpListener(CamelContext camel, int port) {
        this.camel = camel;
        this.port = port;
    }

    static AckingMllpListener start(GuardedMllpComponent mllp, String endpointOptions, String ack) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        CamelContext camel = new DefaultCamelContext();
        camel.addComponent("mllp", mllp);
        byte[] ackBytes = ack.getBytes(StandardCharsets.US_ASCII);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("mllp:127.0.0.1:" + port + "?autoAck=false&" + endpointOptions)
                        .process(exchange -> exchange.setProperty(MllpConstants.MLLP_ACKNOWLEDGEMENT, ackBytes));
            }
        });
        camel.start();
        return new AckingMllpListener(camel, port);
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        camel.stop();
    }
}

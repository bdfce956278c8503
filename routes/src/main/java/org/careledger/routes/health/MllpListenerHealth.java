package org.careledger.routes.health;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while the MLLP port accepts connections: what a sending system needs, checked the way
 * it would check, rather than trusting that the route reports itself started.
 */
@Readiness
@ApplicationScoped
public class MllpListenerHealth implements HealthCheck {

    private final String host;
    private final int port;

    public MllpListenerHealth(@ConfigProperty(name = "careledger.mllp.host") String host,
                              @ConfigProperty(name = "careledger.mllp.port") int port) {
        this.host = host;
        this.port = port;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("mllp-listener").withData("port", port);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1_000);
            return response.up().build();
        } catch (IOException e) {
            return response.down().withData("error", e.getClass().getSimpleName()).build();
        }
    }
}

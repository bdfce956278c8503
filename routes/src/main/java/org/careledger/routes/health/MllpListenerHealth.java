package org.careledger.routes.health;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

import jakarta.enterprise.context.ApplicationScoped;
import org.careledger.routes.config.MllpSettings;
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

    public MllpListenerHealth(MllpSettings settings) {
        this.host = settings.host();
        this.port = settings.port();
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

package org.careledger.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import javax.net.ssl.SSLContext;

import org.careledger.devstack.DevPki;
import org.careledger.devstack.FreePorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged routes app with HTTPS from PEM files and client certificates mapped to roles: a
 * hospital that prefers mutual TLS to bearer tokens posts with its certificate alone. A certificate
 * whose subject is mapped to no role gets 403; one from another CA, or none, is no identity (401);
 * and a bearer token still works over the same port.
 */
class HttpMutualTlsEndToEndTest {

    private static final char[] PASSWORD = "changeit".toCharArray();
    private static final String ER7 = "x-application/hl7-v2+er7";

    private static DevPki pki;
    private static AppProcess routes;
    private static int httpsPort;

    @BeforeAll
    static void start() throws Exception {
        Path runDir = Files.createDirectories(SharedHub.home().resolve("launcher/target/e2e-https"));
        pki = new DevPki("St Marys Interface CA");
        DevPki.Identity server = pki.issue("careledger-routes");
        HubPorts ports = new HubPorts(FreePorts.pick(), FreePorts.pick(), 0, 0, 0, 0, 0);
        httpsPort = FreePorts.pick();
        Map<String, String> config = SharedHub.separateRoutesConfig("https", ports, runDir);
        config.put("quarkus.http.ssl-port", Integer.toString(httpsPort));
        config.put("quarkus.tls.key-store.p12.path", DevPki.writePkcs12(runDir.resolve("server.p12"),
                DevPki.keyStore(server, PASSWORD, pki.ca().certificate()), PASSWORD).toString());
        config.put("quarkus.tls.key-store.p12.password", new String(PASSWORD));
        config.put("quarkus.tls.trust-store.pem.certs", DevPki.writePem(runDir.resolve("client-ca.pem"), pki.ca().certificate()).toString());
        config.put("quarkus.http.auth.certificate-role-properties",
                Files.writeString(runDir.resolve("cert-roles.properties"), "epic-interface=feed:default\n").toString());
        routes = AppProcess.start("routes-https", SharedHub.home().resolve("routes/target/quarkus-app/quarkus-run.jar"),
                config, runDir.resolve("logs/routes.log"), ports.routesHttp());
        routes.awaitReady(Duration.ofSeconds(120));
    }

    @AfterAll
    static void stop() throws Exception {
        if (routes != null) {
            routes.close();
        }
    }

    private static HttpResponse<String> post(SSLContext tls, String authorization, String controlId) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + httpsPort + "/hl7v2"))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", ER7)
                .POST(HttpRequest.BodyPublishers.ofString(SharedHub.admission(controlId)));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static SSLContext withCertificate(String commonName) throws Exception {
        return pki.clientContext(DevPki.keyStore(pki.issue(commonName), PASSWORD), PASSWORD);
    }

    @Test
    void aCertificateMappedToTheFeedPostsWithoutAToken() throws Exception {
        HttpResponse<String> accepted = post(withCertificate("epic-interface"), null, "E2E-HTTPS-CERT");

        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(accepted.body()).contains("MSA|AA|E2E-HTTPS-CERT");
    }

    @Test
    void aTrustedCertificateMappedToNoRoleIsForbidden() throws Exception {
        assertThat(post(withCertificate("rogue-interface"), null, "E2E-HTTPS-ROGUE").statusCode()).isEqualTo(403);
    }

    @Test
    void noCertificateAndNoTokenIsUnauthorizedAndATokenStillWorks() throws Exception {
        SSLContext anonymous = pki.clientContext(null, PASSWORD);

        assertThat(post(anonymous, null, "E2E-HTTPS-ANON").statusCode()).isEqualTo(401);
        HttpResponse<String> withToken = post(anonymous, SharedHub.bearer(SharedHub.FEED), "E2E-HTTPS-TOKEN");
        assertThat(withToken.statusCode()).isEqualTo(200);
        assertThat(withToken.body()).contains("MSA|AA|E2E-HTTPS-TOKEN");
    }

    @Test
    void aCertificateFromAnotherAuthorityIsNoIdentity() throws Exception {
        DevPki stranger = new DevPki("Somewhere Else CA");
        // trusts the server, holds only a certificate that the server's CA did not issue
        SSLContext tls = pki.clientContext(DevPki.keyStore(stranger.issue("epic-interface"), PASSWORD), PASSWORD);

        assertThat(post(tls, null, "E2E-HTTPS-STRANGER").statusCode()).isEqualTo(401);
    }
}

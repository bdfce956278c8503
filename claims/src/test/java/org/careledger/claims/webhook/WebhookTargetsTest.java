package org.careledger.claims.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The webhook refusal list: every address class a payer's URL may not reach, literal or by name. */
class WebhookTargetsTest {

    private final WebhookTargets production = new WebhookTargets(true, List.of());
    private final WebhookTargets dev = new WebhookTargets(false, List.of());

    private static String refusal(WebhookTargets targets, String url) {
        return targets.refusal(URI.create(url)).orElse("(accepted)");
    }

    @Test
    void loopbackIsRefusedInEitherFamily() {
        assertThat(refusal(production, "https://127.0.0.1/hook")).isEqualTo("url: the host is a loopback address, which webhooks may not reach");
        assertThat(refusal(production, "https://127.0.0.2:8443/hook")).contains("loopback");
        assertThat(refusal(production, "https://[::1]/hook")).contains("loopback");
        assertThat(refusal(production, "https://[::ffff:127.0.0.1]/hook")).as("IPv4-mapped").contains("loopback");
    }

    @Test
    void theCloudMetadataAddressIsLinkLocal() {
        assertThat(refusal(production, "https://169.254.169.254/latest/meta-data/")).contains("link-local");
        assertThat(refusal(production, "https://[fe80::1]/hook")).contains("link-local");
    }

    @Test
    void privateSharedAndUniqueLocalNetworksAreRefused() {
        assertThat(refusal(production, "https://10.0.0.1/hook")).contains("private");
        assertThat(refusal(production, "https://172.16.5.4/hook")).contains("private");
        assertThat(refusal(production, "https://192.168.1.20/hook")).contains("private");
        assertThat(refusal(production, "https://100.64.0.1/hook")).contains("private");
        assertThat(refusal(production, "https://[fd00::1]/hook")).contains("private");
    }

    @Test
    void unspecifiedMulticastAndReservedAddressesAreRefused() {
        assertThat(refusal(production, "https://0.0.0.0/hook")).contains("unspecified");
        assertThat(refusal(production, "https://[::]/hook")).contains("unspecified");
        assertThat(refusal(production, "https://224.0.0.1/hook")).contains("multicast");
        assertThat(refusal(production, "https://255.255.255.255/hook")).contains("reserved");
    }

    @Test
    void aNameThatResolvesToLoopbackIsRefused() {
        assertThat(refusal(production, "https://localhost:9443/hook")).isEqualTo("url: the host resolves to a loopback address, which webhooks may not reach");
    }

    @Test
    void plainHttpIsRefusedOutsideDevAndOtherSchemesEverywhere() {
        assertThat(refusal(production, "http://93.184.216.34/hook")).isEqualTo("url: https is required outside the dev profile");
        assertThat(refusal(dev, "http://93.184.216.34/hook")).isEqualTo("(accepted)");
        assertThat(refusal(production, "https://93.184.216.34/hook")).isEqualTo("(accepted)");
        assertThat(refusal(dev, "ftp://93.184.216.34/hook")).isEqualTo("url: an absolute https URL is required");
        assertThat(refusal(dev, "file:///etc/passwd")).isEqualTo("url: an absolute https URL is required");
        assertThat(refusal(dev, "/relative")).isEqualTo("url: an absolute https URL is required");
    }

    @Test
    void credentialsInTheUrlAreRefused() {
        assertThat(refusal(production, "https://user:pass@93.184.216.34/hook")).contains("credentials");
    }

    @Test
    void theAllowListAdmitsExactlyItsNetworks() {
        WebhookTargets internal = new WebhookTargets(true, List.of("127.0.0.1/32", "10.20.0.0/16"));

        assertThat(refusal(internal, "https://127.0.0.1/hook")).isEqualTo("(accepted)");
        assertThat(refusal(internal, "https://10.20.255.1/hook")).isEqualTo("(accepted)");
        assertThat(refusal(internal, "https://127.0.0.2/hook")).contains("loopback");
        assertThat(refusal(internal, "https://10.21.0.1/hook")).contains("private");
        assertThat(refusal(internal, "https://[::1]/hook")).contains("loopback");
    }
}

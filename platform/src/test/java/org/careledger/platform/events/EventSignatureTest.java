package org.careledger.platform.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

class EventSignatureTest {

    private static final String EVENT = "{\"specversion\":\"1.0\",\"id\":\"e-1\",\"type\":\"org.careledger.claim.submitted.v1\","
            + "\"subject\":\"pt-1\",\"data\":{\"resourceType\":\"Bundle\",\"entry\":[{\"resource\":{\"net\":{\"value\":248.50}}}]}}";

    private static KeyPair ed25519() throws Exception {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    private static String b64(byte[] der) {
        return Base64.getEncoder().encodeToString(der);
    }

    private static String text(byte[] json) {
        return new String(json, StandardCharsets.UTF_8);
    }

    private final KeyPair current;
    private final KeyPair previous;
    private final EventSignature.Verifier verifier;

    EventSignatureTest() throws Exception {
        current = ed25519();
        previous = ed25519();
        verifier = new EventSignature.Verifier(List.of("k-2:" + b64(current.getPublic().getEncoded()),
                "k-1:" + b64(previous.getPublic().getEncoded())));
    }

    private byte[] signed(String keyId, KeyPair keys) {
        return new EventSignature.Signer(keyId, b64(keys.getPrivate().getEncoded())).sign(EVENT.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aSignedEventVerifiesAndNamesItsKey() {
        byte[] event = signed("k-2", current);

        assertThat(verifier.verify(event)).isEqualTo(new EventSignature.Verdict(true, "k-2", null));
        assertThat(text(event)).contains("\"careledgerkeyid\":\"k-2\"", "\"careledgersig\":\"")
                .as("decimals as written").contains("248.50");
    }

    @Test
    void anEventSignedWithAStillTrustedOlderKeyVerifies() {
        assertThat(verifier.verify(signed("k-1", previous)).authentic()).isTrue();
    }

    @Test
    void keyOrderAndWhitespaceDoNotMatterButEveryValueDoes() {
        String event = text(signed("k-2", current));
        String reordered = event.replace("{\"specversion\":\"1.0\",\"id\":\"e-1\",", "{ \"id\" : \"e-1\",\n \"specversion\":\"1.0\",");

        assertThat(verifier.verify(reordered.getBytes(StandardCharsets.UTF_8)).authentic()).isTrue();
        assertThat(verifier.verify(event.replace("248.50", "497.00").getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new EventSignature.Verdict(false, "k-2", "careledgersig: the signature does not verify"));
        assertThat(verifier.verify(event.replace("\"pt-1\"", "\"pt-2\"").getBytes(StandardCharsets.UTF_8)).authentic()).isFalse();
    }

    @Test
    void unsignedUnknownKeyAndRelabelledEventsAreNotAuthentic() throws Exception {
        assertThat(verifier.verify(EVENT.getBytes(StandardCharsets.UTF_8)).detail()).isEqualTo("careledgersig: the event is not signed");
        assertThat(verifier.verify(signed("k-9", ed25519())).detail()).isEqualTo("careledgerkeyid: not a key this bridge trusts");
        String relabelled = text(signed("k-1", previous)).replace("\"careledgerkeyid\":\"k-1\"", "\"careledgerkeyid\":\"k-2\"");
        assertThat(verifier.verify(relabelled.getBytes(StandardCharsets.UTF_8)).authentic()).isFalse();
        String forged = text(signed("k-2", ed25519()));
        assertThat(verifier.verify(forged.getBytes(StandardCharsets.UTF_8)).authentic()).as("another key under a trusted id").isFalse();
        assertThat(verifier.verify("not json".getBytes(StandardCharsets.UTF_8)).authentic()).isFalse();
        assertThat(verifier.verify("[1]".getBytes(StandardCharsets.UTF_8)).authentic()).isFalse();
        String garbled = text(signed("k-2", current)).replaceFirst("\"careledgersig\":\"[^\"]*\"", "\"careledgersig\":\"***\"");
        assertThat(verifier.verify(garbled.getBytes(StandardCharsets.UTF_8)).authentic()).isFalse();
    }
}

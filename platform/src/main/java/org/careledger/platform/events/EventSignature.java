package org.careledger.platform.events;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * Who published an event. The routes app signs every CloudEvent it publishes with Ed25519 over the
 * event's RFC 8785 (JCS) form without the signature itself, and carries the signature and the key's
 * id as the extension attributes {@value #SIGNATURE} and {@value #KEY_ID} (CloudEvents extension names
 * are lower-case letters and digits). The key id is inside what is signed, so keys can rotate and an
 * event cannot be re-labelled with another key's id. Anyone holding the hub's public key can check an
 * event: remove {@value #SIGNATURE}, canonicalise with JCS, verify the base64url signature.
 */
public final class EventSignature {

    public static final String KEY_ID = "careledgerkeyid";
    public static final String SIGNATURE = "careledgersig";

    /** Decimals are kept as written: signing must not turn an event's 248.50 into 248.5. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true));

    private EventSignature() {
    }

    /** The bytes a signature covers: JCS of the event without {@value #SIGNATURE}. */
    static byte[] signedBytes(ObjectNode event) throws IOException {
        ObjectNode unsigned = event.deepCopy();
        unsigned.remove(SIGNATURE);
        return new JsonCanonicalizer(JSON.writeValueAsString(unsigned)).getEncodedString().getBytes(StandardCharsets.UTF_8);
    }

    /** Signs events with one key. */
    public static final class Signer {

        private final String keyId;
        private final PrivateKey key;

        /** An Ed25519 private key as base64 PKCS#8 DER (what {@code openssl genpkey -algorithm ed25519 -outform DER} writes). */
        public Signer(String keyId, String base64Pkcs8) {
            this.keyId = keyId;
            try {
                this.key = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64Pkcs8.trim())));
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                throw new IllegalArgumentException("careledger.events.signing-key: an Ed25519 private key as base64 PKCS#8 DER is required");
            }
        }

        public String keyId() {
            return keyId;
        }

        /** The event with {@value #KEY_ID} and {@value #SIGNATURE} set, as JSON bytes. */
        public byte[] sign(byte[] eventJson) {
            try {
                ObjectNode event = (ObjectNode) JSON.readTree(eventJson);
                event.remove(SIGNATURE);
                event.put(KEY_ID, keyId);
                Signature ed25519 = Signature.getInstance("Ed25519");
                ed25519.initSign(key);
                ed25519.update(signedBytes(event));
                event.put(SIGNATURE, Base64.getUrlEncoder().withoutPadding().encodeToString(ed25519.sign()));
                return JSON.writeValueAsBytes(event);
            } catch (IOException | GeneralSecurityException | ClassCastException e) {
                throw new IllegalStateException("an event could not be signed (" + e.getClass().getSimpleName() + ")", e);
            }
        }
    }

    /** Why an event is or is not authentic; the detail names the attribute and the rule. */
    public record Verdict(boolean authentic, String keyId, String detail) {
    }

    /** Checks events against the public keys it trusts, by key id. */
    public static final class Verifier {

        private final Map<String, PublicKey> keys = new LinkedHashMap<>();

        /** {@code keyId:base64 X.509 SubjectPublicKeyInfo DER}, one entry per trusted key. */
        public Verifier(List<String> entries) {
            for (String entry : entries) {
                String[] parts = entry.trim().split(":", 2);
                if (parts.length != 2 || parts[0].isBlank()) {
                    throw new IllegalArgumentException("careledger.events.verification-keys: each entry is <key id>:<base64 public key>");
                }
                try {
                    keys.put(parts[0], KeyFactory.getInstance("Ed25519")
                            .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(parts[1].trim()))));
                } catch (GeneralSecurityException | IllegalArgumentException e) {
                    throw new IllegalArgumentException("careledger.events.verification-keys: key " + parts[0]
                            + " is not an Ed25519 public key as base64 X.509 DER");
                }
            }
        }

        public Verdict verify(byte[] eventJson) {
            ObjectNode event;
            try {
                JsonNode parsed = JSON.readTree(eventJson);
                if (!(parsed instanceof ObjectNode object)) {
                    return new Verdict(false, null, "the record value is not a JSON object");
                }
                event = object;
            } catch (IOException e) {
                return new Verdict(false, null, "the record value is not JSON");
            }
            JsonNode keyId = event.get(KEY_ID);
            JsonNode signature = event.get(SIGNATURE);
            if (keyId == null || !keyId.isTextual() || signature == null || !signature.isTextual()) {
                return new Verdict(false, null, SIGNATURE + ": the event is not signed");
            }
            PublicKey key = keys.get(keyId.asText());
            if (key == null) {
                return new Verdict(false, keyId.asText(), KEY_ID + ": not a key this bridge trusts");
            }
            try {
                Signature ed25519 = Signature.getInstance("Ed25519");
                ed25519.initVerify(key);
                ed25519.update(signedBytes(event));
                boolean valid = ed25519.verify(Base64.getUrlDecoder().decode(signature.asText()));
                return valid ? new Verdict(true, keyId.asText(), null)
                        : new Verdict(false, keyId.asText(), SIGNATURE + ": the signature does not verify");
            } catch (GeneralSecurityException | IllegalArgumentException | IOException e) {
                return new Verdict(false, keyId.asText(), SIGNATURE + ": the signature does not verify");
            }
        }
    }
}

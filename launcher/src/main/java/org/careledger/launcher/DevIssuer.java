package org.careledger.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.careledger.platform.events.EventSignature;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * The dev stack's own trust material, minted on first use and kept under {@code .careledger/dev-issuer/}
 * (private keys readable by their owner only): an RSA key issuing RS256 tokens with roles in the
 * {@code groups} claim, with the JWKS file the apps verify them against, and the Ed25519 key the
 * routes app signs events with. The apps treat it like any OIDC provider and any event key; in
 * production they are pointed at the organisation's own.
 */
public final class DevIssuer {

    public static final String ISSUER = "urn:careledger:dev-issuer";
    public static final String AUDIENCE = "careledger";

    private final RsaJsonWebKey key;
    private final Path jwks;
    private final EventKey eventKey;

    private DevIssuer(RsaJsonWebKey key, Path jwks, EventKey eventKey) {
        this.key = key;
        this.jwks = jwks;
        this.eventKey = eventKey;
    }

    /** The routes app's event-signing key: its id, the private key (base64 PKCS#8) and the public key (base64 X.509). */
    public record EventKey(String keyId, String privateKey, String publicKey) {

        /** What the bridge's careledger.events.verification-keys takes. */
        public String verificationEntry() {
            return keyId + ":" + publicKey;
        }

        public EventSignature.Signer signer() {
            return new EventSignature.Signer(keyId, privateKey);
        }

        @Override
        public String toString() {
            return "EventKey[" + keyId + "]";
        }
    }

    /** The issuer kept in {@code dir}, created there on first use. */
    public static DevIssuer loadOrCreate(Path dir) throws IOException {
        Path privateKey = dir.resolve("signing-key.jwk.json");
        Path jwks = dir.resolve("jwks.json");
        Files.createDirectories(dir);
        if (!Files.exists(privateKey)) {
            createPrivate(privateKey, mintTokenKey());
        }
        try {
            RsaJsonWebKey key = (RsaJsonWebKey) JsonWebKey.Factory.newJwk(Files.readString(privateKey));
            // derived from whichever private key won, so a launcher that lost a race cannot leave its own public key
            writeIfChanged(jwks, new JsonWebKeySet(publicPart(key)).toJson());
            return new DevIssuer(key, jwks, eventKey(dir));
        } catch (JoseException e) {
            throw new IOException("the dev issuer key " + privateKey + " is unreadable; delete " + dir + " to mint a new one", e);
        }
    }

    private static String mintTokenKey() throws IOException {
        try {
            RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
            key.setKeyId("dev-" + UUID.randomUUID().toString().substring(0, 8));
            key.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
            key.setUse("sig");
            return key.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE);
        } catch (JoseException e) {
            throw new IOException("could not mint the dev issuer key", e);
        }
    }

    /** The event key pair lives in one file (private line, public line), so the two always belong together. */
    private static EventKey eventKey(Path dir) throws IOException {
        Path pair = dir.resolve("event-signing-key.b64");
        if (!Files.exists(pair)) {
            try {
                KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
                createPrivate(pair, Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded()) + "\n"
                        + Base64.getEncoder().encodeToString(keys.getPublic().getEncoded()) + "\n");
            } catch (NoSuchAlgorithmException e) {
                throw new IOException("Ed25519 is part of every Java 17 runtime", e);
            }
        }
        List<String> lines = Files.readAllLines(pair);
        String pub = lines.get(1).trim();
        // the public key alone, for anyone checking events by hand (SECURITY.md)
        writeIfChanged(dir.resolve("event-signing-key.x509.b64"), pub);
        String id = "dev-" + Numeric.toHexStringNoPrefix(Hash.sha3(pub.getBytes(StandardCharsets.UTF_8))).substring(0, 8);
        return new EventKey(id, lines.get(0).trim(), pub);
    }

    private static JsonWebKey publicPart(RsaJsonWebKey key) throws JoseException {
        return JsonWebKey.Factory.newJwk(key.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
    }

    /** Creates a file readable by its owner only; when another launcher created it first, its file stays. */
    private static void createPrivate(Path target, String text) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), "key", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, text);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException raced) {
            Files.deleteIfExists(tmp);
        }
    }

    private static void writeIfChanged(Path target, String text) throws IOException {
        if (Files.exists(target) && Files.readString(target).equals(text)) {
            return;
        }
        Path tmp = Files.createTempFile(target.getParent(), "public", ".tmp");
        Files.writeString(tmp, text);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public EventKey eventKey() {
        return eventKey;
    }

    /** The public keys, for {@code careledger.auth.jwks}. */
    public Path jwks() {
        return jwks;
    }

    /** A signed token whose subject is named after its roles, valid for {@code ttl}. */
    public String token(List<String> roles, Duration ttl) {
        try {
            JwtClaims claims = new JwtClaims();
            claims.setIssuer(ISSUER);
            claims.setAudience(AUDIENCE);
            claims.setSubject("dev:" + String.join("+", roles));
            claims.setClaim("upn", "dev:" + String.join("+", roles));
            claims.setStringListClaim("groups", roles);
            claims.setIssuedAtToNow();
            claims.setNotBeforeMinutesInThePast(1);
            claims.setExpirationTimeMinutesInTheFuture(ttl.toSeconds() / 60f);
            claims.setGeneratedJwtId();
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims.toJson());
            jws.setKey(key.getPrivateKey());
            jws.setKeyIdHeaderValue(key.getKeyId());
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
            jws.setHeader("typ", "JWT");
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("could not sign a dev token", e);
        }
    }

    public String token(String role) {
        return token(List.of(role), Duration.ofHours(12));
    }
}

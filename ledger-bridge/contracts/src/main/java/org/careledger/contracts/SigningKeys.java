package org.careledger.contracts;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.WalletUtils;

/**
 * Where a signing key comes from, first match wins: an encrypted JSON keystore (the geth/web3j
 * format) with its password, a PEM file holding a secp256k1 key (PKCS#8 {@code PRIVATE KEY} or SEC1
 * {@code EC PRIVATE KEY}, as written by {@code openssl ecparam -name secp256k1 -genkey}), or a hex
 * private key from a secret. Failures name the source, never key material.
 */
public final class SigningKeys {

    private SigningKeys() {
    }

    private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    public static Credentials load(Optional<Path> keystore, Optional<String> keystorePassword, Optional<String> hexKey) {
        return load(keystore, keystorePassword, Optional.empty(), hexKey);
    }

    public static Credentials load(Optional<Path> keystore, Optional<String> keystorePassword, Optional<Path> pem,
                                   Optional<String> hexKey) {
        if (keystore.isPresent()) {
            try {
                return WalletUtils.loadCredentials(keystorePassword.orElse(""), keystore.get().toFile());
            } catch (Exception e) {
                throw new IllegalArgumentException("cannot open the keystore " + keystore.get().getFileName()
                        + " (" + e.getClass().getSimpleName() + ")");
            }
        }
        if (pem.isPresent()) {
            return fromPem(pem.get());
        }
        String hex = hexKey.filter(k -> !k.isBlank())
                .orElseThrow(() -> new IllegalArgumentException("no signing key: give a keystore file or a private key"));
        try {
            return Credentials.create(hex.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the private key is not a hex secp256k1 key");
        }
    }

    static Credentials fromPem(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the PEM key file " + file.getFileName());
        }
        Matcher m = PEM.matcher(text);
        while (m.find()) {
            String label = m.group(1);
            if (label.equals("EC PARAMETERS")) {
                continue;
            }
            byte[] der = Base64.getMimeDecoder().decode(m.group(2));
            try {
                BigInteger key = switch (label) {
                    case "PRIVATE KEY" -> pkcs8(der);
                    case "EC PRIVATE KEY" -> sec1(ECPrivateKey.getInstance(der));
                    default -> throw new Refused("the PEM file " + file.getFileName() + " holds a " + label
                            + "; give an unencrypted PRIVATE KEY or EC PRIVATE KEY (an encrypted key belongs in a keystore)");
                };
                return Credentials.create(ECKeyPair.create(key));
            } catch (Refused e) {
                throw e;
            } catch (RuntimeException e) {
                // parser messages can quote bytes of the key: say only what was expected
                throw new IllegalArgumentException("the PEM file " + file.getFileName() + " is not a valid " + label);
            }
        }
        throw new IllegalArgumentException("the PEM file " + file.getFileName() + " holds no private key");
    }

    private static BigInteger pkcs8(byte[] der) {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(der);
        requireSecp256k1(info.getPrivateKeyAlgorithm().getParameters());
        try {
            return ECPrivateKey.getInstance(info.parsePrivateKey()).getKey();
        } catch (IOException e) {
            throw new Refused("the PKCS#8 key is not an EC private key");
        }
    }

    private static BigInteger sec1(ECPrivateKey key) {
        if (key.getParametersObject() != null) {
            requireSecp256k1(key.getParametersObject());
        }
        return key.getKey();
    }

    private static void requireSecp256k1(ASN1Encodable curve) {
        if (!SECObjectIdentifiers.secp256k1.equals(curve)) {
            throw new Refused("the PEM key is not on secp256k1, the curve Ethereum signs with");
        }
    }

    private static final class Refused extends IllegalArgumentException {
        Refused(String message) {
            super(message);
        }
    }
}

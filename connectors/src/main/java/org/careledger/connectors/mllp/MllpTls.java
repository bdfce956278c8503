package org.careledger.connectors.mllp;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.apache.camel.support.jsse.KeyManagersParameters;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.SSLContextServerParameters;
import org.apache.camel.support.jsse.SecureSocketProtocolsParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * TLS for the MLLP listener, from files an operator already has: the server identity as a PKCS#12
 * key store or as PEM certificate chain and key, and for mutual TLS the client CAs as PEM or PKCS#12.
 * Only TLS 1.2 and 1.3 are offered.
 */
public final class MllpTls {

    static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    private static final char[] IN_MEMORY_PASSWORD = "careledger".toCharArray();

    /** Where the server identity and the trusted client CAs come from. */
    public record Settings(Optional<Path> keyStore, Optional<String> keyStorePassword,
                           Optional<Path> certificate, Optional<Path> privateKey,
                           Optional<Path> clientCa, Optional<String> clientCaPassword, ClientAuth clientAuth) {
    }

    /** Whether the listener asks connecting systems for a certificate. */
    public enum ClientAuth { NONE, WANT, REQUIRE }

    private MllpTls() {
    }

    public static SSLContextParameters serverParameters(Settings settings) throws GeneralSecurityException, IOException {
        KeyStoreParameters identity = new KeyStoreParameters();
        identity.setKeyStore(identity(settings));
        KeyManagersParameters keyManagers = new KeyManagersParameters();
        keyManagers.setKeyStore(identity);
        keyManagers.setKeyPassword(new String(passwordOf(settings)));

        SSLContextParameters parameters = new SSLContextParameters();
        parameters.setKeyManagers(keyManagers);
        SecureSocketProtocolsParameters protocols = new SecureSocketProtocolsParameters();
        protocols.setSecureSocketProtocol(new ArrayList<>(PROTOCOLS));
        parameters.setSecureSocketProtocols(protocols);
        SSLContextServerParameters server = new SSLContextServerParameters();
        server.setClientAuthentication(settings.clientAuth().name());
        parameters.setServerParameters(server);
        if (settings.clientAuth() != ClientAuth.NONE) {
            Path ca = settings.clientCa().orElseThrow(() -> new IllegalArgumentException(
                    "careledger.mllp.tls.client-ca is required when client-auth is " + settings.clientAuth()));
            KeyStoreParameters trusted = new KeyStoreParameters();
            trusted.setKeyStore(trustStore(ca, settings.clientCaPassword()));
            TrustManagersParameters trustManagers = new TrustManagersParameters();
            trustManagers.setKeyStore(trusted);
            parameters.setTrustManagers(trustManagers);
        }
        return parameters;
    }

    private static char[] passwordOf(Settings settings) {
        return settings.keyStore().isPresent()
                ? settings.keyStorePassword().orElse("").toCharArray()
                : IN_MEMORY_PASSWORD;
    }

    private static KeyStore identity(Settings settings) throws GeneralSecurityException, IOException {
        if (settings.keyStore().isPresent()) {
            return pkcs12(settings.keyStore().get(), settings.keyStorePassword().orElse(""));
        }
        Path certificate = settings.certificate().orElseThrow(() -> new IllegalArgumentException(
                "MLLP TLS needs careledger.mllp.tls.key-store, or certificate and private-key"));
        Path key = settings.privateKey().orElseThrow(() -> new IllegalArgumentException(
                "careledger.mllp.tls.private-key is required with careledger.mllp.tls.certificate"));
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("mllp", privateKey(key), IN_MEMORY_PASSWORD, certificates(certificate).toArray(new Certificate[0]));
        return store;
    }

    private static KeyStore trustStore(Path ca, Optional<String> password) throws GeneralSecurityException, IOException {
        if (isPkcs12(ca)) {
            return pkcs12(ca, password.orElse(""));
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        int i = 0;
        for (X509Certificate certificate : certificates(ca)) {
            store.setCertificateEntry("client-ca-" + i++, certificate);
        }
        return store;
    }

    private static boolean isPkcs12(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".p12") || name.endsWith(".pfx");
    }

    private static KeyStore pkcs12(Path file, String password) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password.toCharArray());
        }
        return store;
    }

    static List<X509Certificate> certificates(Path pem) throws GeneralSecurityException, IOException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<X509Certificate> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(pem)) {
            for (Certificate certificate : factory.generateCertificates(in)) {
                out.add((X509Certificate) certificate);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no certificate in " + pem);
        }
        return out;
    }

    static PrivateKey privateKey(Path pem) throws IOException {
        try (Reader reader = Files.newBufferedReader(pem, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(reader)) {
            Object object = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (object instanceof PEMKeyPair pair) {
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            }
            if (object instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            // never the content: this is a secret
            throw new IllegalArgumentException("no unencrypted private key in " + pem);
        }
    }
}

package org.careledger.devstack;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway certificate authority: the dev stack's Kafka broker certificate, and the CA, server and
 * client certificates of TLS tests. Keys are EC P-256, made fresh per instance and never reused.
 */
public final class DevPki {

    private static final AtomicLong SERIAL = new AtomicLong(1000);

    public record Identity(KeyPair keys, X509Certificate certificate) {
    }

    private final Identity ca;

    public DevPki(String caName) throws Exception {
        KeyPair keys = keys();
        ca = new Identity(keys, sign(caName, keys, caName, keys, Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(30)), true));
    }

    public Identity ca() {
        return ca;
    }

    public Identity issue(String name, Instant notBefore, Instant notAfter) throws Exception {
        KeyPair keys = keys();
        return new Identity(keys, sign(name, keys, ca.certificate().getSubjectX500Principal().getName(), ca.keys(),
                notBefore, notAfter, false));
    }

    public Identity issue(String name) throws Exception {
        return issue(name, Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)));
    }

    public static Identity selfSigned(String name) throws Exception {
        KeyPair keys = keys();
        return new Identity(keys, sign(name, keys, name, keys, Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(30)), false));
    }

    public static Path writePem(Path file, Object... objects) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
            for (Object o : objects) {
                // keys as PKCS#8, what `openssl genpkey` writes
                pem.writeObject(o instanceof java.security.PrivateKey key ? new JcaPKCS8Generator(key, null) : o);
            }
        }
        return Files.writeString(file, out.toString());
    }

    public static KeyStore keyStore(Identity identity, char[] password, X509Certificate... chain) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        Certificate[] certificates = new Certificate[chain.length + 1];
        certificates[0] = identity.certificate();
        System.arraycopy(chain, 0, certificates, 1, chain.length);
        store.setKeyEntry("id", identity.keys().getPrivate(), password, certificates);
        return store;
    }

    public static Path writePkcs12(Path file, KeyStore store, char[] password) throws GeneralSecurityException, IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password);
        }
        return file;
    }

    /** A client's TLS context: its identity (none when null), trusting only this CA. */
    public SSLContext clientContext(KeyStore identity, char[] password, String... protocol) throws GeneralSecurityException, IOException {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(identity, password);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca.certificate());
        TrustManagerFactory trusted = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trusted.init(trust);
        SSLContext context = SSLContext.getInstance(protocol.length == 0 ? "TLS" : protocol[0]);
        context.init(identity == null ? null : keys.getKeyManagers(), trusted.getTrustManagers(), null);
        return context;
    }

    private static KeyPair keys() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(String subject, KeyPair subjectKeys, String issuer, KeyPair issuerKeys,
                                        Instant notBefore, Instant notAfter, boolean isCa) throws Exception {
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                new X500Name(issuer.startsWith("CN=") ? issuer : "CN=" + issuer),
                BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(notBefore), Date.from(notAfter),
                new X500Name("CN=" + subject), subjectKeys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    }
}

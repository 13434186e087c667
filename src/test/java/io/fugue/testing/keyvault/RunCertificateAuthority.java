package io.fugue.testing.keyvault;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority generated once per JVM run, whose self-signed certificate is the only entry of a
 * PKCS12 trust store written to a temporary file.
 * <p>
 * Why a CA and not one self-signed server certificate: the JDK freezes the default {@code SSLContext} (and with it
 * {@code javax.net.ssl.trustStore}) the first time it is used, so a JVM can only ever trust what existed at that
 * moment. Each emulator instance therefore gets its own leaf certificate, with exactly its hosts as SANs, signed by
 * this one run-wide CA that stays trusted for the whole run.
 */
final class RunCertificateAuthority {

    private static final Duration VALIDITY = Duration.ofDays(2);
    private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    private static final SecureRandom RANDOM = new SecureRandom();

    private static final class Holder {
        static final RunCertificateAuthority INSTANCE = new RunCertificateAuthority();
    }

    private final KeyPair caKeys;
    private final X509Certificate caCertificate;
    private final TrustStoreSettings trustStore;

    private RunCertificateAuthority() {
        try {
            caKeys = newKeyPair();
            caCertificate = selfSignedCa(caKeys);
            trustStore = writeTrustStore(caCertificate);
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("Cannot create the Key Vault emulator's certificate authority", e);
        }
    }

    static RunCertificateAuthority get() {
        return Holder.INSTANCE;
    }

    TrustStoreSettings trustStore() {
        return trustStore;
    }

    X509Certificate certificate() {
        return caCertificate;
    }

    /** A server {@code SSLContext} presenting a fresh leaf certificate for {@code localhost}, 127.0.0.1 and the hosts. */
    SSLContext serverContext(Collection<String> dnsNames) {
        try {
            KeyPair leafKeys = newKeyPair();
            X509Certificate leaf = leaf(leafKeys, dnsNames);
            char[] password = randomHex(16).toCharArray();
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(null, null);
            keyStore.setKeyEntry("emulator", leafKeys.getPrivate(), password, new Certificate[] { leaf, caCertificate });
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keyStore, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), null, RANDOM);
            return context;
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("Cannot create the Key Vault emulator's server certificate", e);
        }
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        // P-256 keys take milliseconds to make, where RSA would slow every test JVM down.
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    private static X509Certificate selfSignedCa(KeyPair keys)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        X500Name name = new X500Name("CN=Fugue Key Vault emulator test CA " + randomHex(4));
        Instant now = Instant.now();
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)), name, keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                .addExtension(Extension.subjectKeyIdentifier, false,
                        extensions.createSubjectKeyIdentifier(keys.getPublic()));
        return sign(builder, keys);
    }

    private X509Certificate leaf(KeyPair keys, Collection<String> dnsNames)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        Set<String> hosts = new LinkedHashSet<>();
        hosts.add("localhost");
        hosts.addAll(dnsNames);
        List<GeneralName> altNames = new ArrayList<>();
        hosts.forEach(host -> altNames.add(new GeneralName(GeneralName.dNSName, host)));
        altNames.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
        Instant now = Instant.now();
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caCertificate, serial(),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)),
                new X500Name("CN=" + hosts.iterator().next()), keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                .addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(altNames.toArray(GeneralName[]::new)))
                .addExtension(Extension.authorityKeyIdentifier, false,
                        extensions.createAuthorityKeyIdentifier(caCertificate))
                .addExtension(Extension.subjectKeyIdentifier, false,
                        extensions.createSubjectKeyIdentifier(keys.getPublic()));
        return sign(builder, caKeys);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer)
            throws GeneralSecurityException, OperatorCreationException {
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(signer.getPrivate())));
    }

    private static TrustStoreSettings writeTrustStore(X509Certificate ca) throws GeneralSecurityException, IOException {
        String password = randomHex(16);
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("fugue-keyvault-emulator-ca", ca);
        Path file = Files.createTempFile("fugue-keyvault-emulator-", ".p12");
        file.toFile().deleteOnExit();
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TrustStoreSettings(file, password, "PKCS12");
    }

    private static BigInteger serial() {
        return new BigInteger(64, RANDOM).abs().add(BigInteger.ONE);
    }

    static String randomHex(int bytes) {
        byte[] buffer = new byte[bytes];
        RANDOM.nextBytes(buffer);
        return HexFormat.of().formatHex(buffer);
    }
}

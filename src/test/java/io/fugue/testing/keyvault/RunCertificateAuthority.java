package io.fugue.testing.keyvault;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
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
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

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
 * A certificate authority generated once per JVM run (once for all class loaders, see {@link JvmShared}), whose
 * self-signed certificate is written, with the JVM's default trust anchors, to a temporary PKCS12 trust store.
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
    private static final String CA_ALIAS = "fugue-keyvault-emulator-ca";

    private static final class Holder {
        static final RunCertificateAuthority INSTANCE = new RunCertificateAuthority();
    }

    private final KeyPair caKeys;
    private final X509Certificate caCertificate;
    private final TrustStoreSettings trustStore;

    private RunCertificateAuthority() {
        String[] files = JvmShared.get("ca", RunCertificateAuthority::createFiles).split("\n");
        try {
            char[] password = files[2].toCharArray();
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(Path.of(files[0]))) {
                store.load(in, password);
            }
            caCertificate = (X509Certificate) store.getCertificate(CA_ALIAS);
            caKeys = new KeyPair(caCertificate.getPublicKey(), (PrivateKey) store.getKey(CA_ALIAS, password));
            trustStore = new TrustStoreSettings(Path.of(files[1]), files[2], "PKCS12");
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot load the Key Vault emulator's certificate authority", e);
        }
    }

    /**
     * Makes the CA and writes two files: the CA's own key store, so that every class loader can sign with it, and
     * the trust store. Returns their paths and common password, one per line.
     */
    private static String createFiles() {
        try {
            KeyPair keys = newKeyPair();
            X509Certificate certificate = selfSignedCa(keys);
            String password = randomHex(16);
            KeyStore ca = emptyPkcs12();
            ca.setKeyEntry(CA_ALIAS, keys.getPrivate(), password.toCharArray(), new Certificate[] { certificate });
            Path caFile = write(ca, "fugue-keyvault-emulator-ca-", password);
            return caFile + "\n" + write(trustStoreWith(certificate), "fugue-keyvault-emulator-trust-", password)
                    + "\n" + password;
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

    /** A server {@code SSLContext} presenting a fresh leaf certificate for {@code localhost}, 127.0.0.1 and the hosts. */
    SSLContext serverContext(Collection<String> dnsNames) {
        try {
            KeyPair leafKeys = newKeyPair();
            X509Certificate leaf = leaf(leafKeys, dnsNames);
            char[] password = randomHex(16).toCharArray();
            KeyStore keyStore = emptyPkcs12();
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

    /**
     * The CA plus the JVM's default trust anchors: the trust store replaces the default one JVM-wide, and tests
     * that talk to anything else over TLS must keep working, as they would behind a corporate proxy's store.
     */
    private static KeyStore trustStoreWith(X509Certificate ca) throws GeneralSecurityException, IOException {
        KeyStore store = emptyPkcs12();
        store.setCertificateEntry(CA_ALIAS, ca);
        TrustManagerFactory defaults = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        defaults.init((KeyStore) null);
        int count = 0;
        for (TrustManager manager : defaults.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                for (X509Certificate anchor : x509.getAcceptedIssuers()) {
                    store.setCertificateEntry("jdk-default-" + count++, anchor);
                }
            }
        }
        return store;
    }

    private static KeyStore emptyPkcs12() throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        return store;
    }

    private static Path write(KeyStore store, String prefix, String password)
            throws GeneralSecurityException, IOException {
        Path file = Files.createTempFile(prefix, ".p12");
        file.toFile().deleteOnExit();
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
        return file;
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

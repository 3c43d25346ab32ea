package dev.resultstore.storage.azure;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;

import reactor.core.publisher.Mono;

/**
 * A key pair and self-signed certificate for 127.0.0.1, made with the JDK's keytool under
 * {@code target/}: PEM files for Azurite's {@code --cert}/{@code --key}, a trust store that trusts
 * only this certificate, and JWTs signed with the key that look like Microsoft Entra ID tokens for
 * Azure Storage (what Azurite's {@code --oauth basic} checks: issuer, audience, lifetime).
 */
final class SelfSignedTls {

    /** The tenant the test tokens claim to come from. */
    static final String TENANT = "72f988bf-0000-4000-8000-00000000cafe";
    private static final char[] PASSWORD = "test-only-keystore".toCharArray();

    private final Path directory;
    private final PrivateKey key;
    private final Certificate certificate;

    private SelfSignedTls(Path directory, PrivateKey key, Certificate certificate) {
        this.directory = directory;
        this.key = key;
        this.certificate = certificate;
    }

    static SelfSignedTls create() throws IOException, InterruptedException, GeneralSecurityException {
        Path directory = Path.of(System.getProperty("azurite.work", "target/azurite")).toAbsolutePath()
                .resolve("tls-" + UUID.randomUUID());
        Files.createDirectories(directory);
        Path keyStoreFile = directory.resolve("server.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "azurite", "-keyalg", "RSA",
                "-keysize", "2048", "-validity", "2", "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1,dns:localhost",
                "-storetype", "PKCS12", "-keystore", keyStoreFile.toString(),
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("keytool failed: " + output);
        }
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStoreFile)) {
            keyStore.load(in, PASSWORD);
        }
        PrivateKey key = (PrivateKey) keyStore.getKey("azurite", PASSWORD);
        Certificate certificate = keyStore.getCertificate("azurite");
        Files.writeString(directory.resolve("cert.pem"), pem("CERTIFICATE", certificate.getEncoded()));
        Files.writeString(directory.resolve("key.pem"), pem("PRIVATE KEY", key.getEncoded()));

        KeyStore trustStore = KeyStore.getInstance("PKCS12");
        trustStore.load(null, null);
        trustStore.setCertificateEntry("azurite", certificate);
        try (OutputStream out = Files.newOutputStream(directory.resolve("trust.p12"))) {
            trustStore.store(out, PASSWORD);
        }
        return new SelfSignedTls(directory, key, certificate);
    }

    Path certificatePem() {
        return directory.resolve("cert.pem");
    }

    Path keyPem() {
        return directory.resolve("key.pem");
    }

    /** A PKCS12 trust store with only this certificate, for a child JVM's {@code javax.net.ssl.trustStore}. */
    Path trustStore() {
        return directory.resolve("trust.p12");
    }

    String trustStorePassword() {
        return new String(PASSWORD);
    }

    /** TLS that trusts this certificate only, for one HTTP client (never the JVM's default). */
    SSLContext sslContext() throws GeneralSecurityException, IOException {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("azurite", certificate);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    /** The JDK HttpClient builder the connector's transport starts from, trusting this certificate. */
    JdkHttpClientBuilder trustingClientBuilder() {
        try {
            return new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder().sslContext(sslContext()));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A shared-key client for setting up and inspecting an HTTPS Azurite. */
    BlobServiceClient adminClient(Azurite azurite) {
        HttpClient http = trustingClientBuilder().build();
        return new BlobServiceClientBuilder().connectionString(azurite.connectionString()).httpClient(http).buildClient();
    }

    /** A token as Microsoft Entra ID issues them for Azure Storage, valid for {@code lifetime}, signed with this key. */
    String storageToken(String audience, Duration lifetime) {
        long now = Instant.now().getEpochSecond();
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String claims = "{\"aud\":\"" + audience + "\",\"iss\":\"https://sts.windows.net/" + TENANT + "/\","
                + "\"iat\":" + now + ",\"nbf\":" + (now - 60) + ",\"exp\":" + (now + lifetime.toSeconds()) + ","
                + "\"tid\":\"" + TENANT + "\",\"oid\":\"" + UUID.nameUUIDFromBytes(TENANT.getBytes(UTF_8)) + "\"}";
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String signed = base64.encodeToString(header.getBytes(UTF_8)) + "." + base64.encodeToString(claims.getBytes(UTF_8));
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update(signed.getBytes(UTF_8));
            return signed + "." + base64.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A credential that hands out {@link #storageToken} for Azure Storage. */
    TokenCredential storageCredential() {
        return request -> Mono.fromCallable(() -> new AccessToken(storageToken("https://storage.azure.com", Duration.ofHours(1)),
                OffsetDateTime.now(ZoneOffset.UTC).plusHours(1)));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(UTF_8)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}

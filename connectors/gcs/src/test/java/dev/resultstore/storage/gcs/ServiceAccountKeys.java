package dev.resultstore.storage.gcs;

import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import jakarta.json.Json;

/**
 * Service-account key files for tests: each with an RSA key generated on the spot (never a real one)
 * and a token endpoint on the test server, so that the SDK's token exchange stays on 127.0.0.1.
 */
final class ServiceAccountKeys {

    private ServiceAccountKeys() {
    }

    /** The JSON of a key file for {@code email}, as the console downloads it. */
    static String json(String email, String tokenUri) {
        return Json.createObjectBuilder()
                .add("type", "service_account")
                .add("project_id", "test-project")
                .add("private_key_id", "key-of-" + email)
                .add("private_key", privateKeyPem())
                .add("client_email", email)
                .add("client_id", "1234567890")
                .add("token_uri", tokenUri)
                .build().toString();
    }

    /** The base64 body of a key's PEM, the part that must never appear in a message. */
    static String secretPart(String json) {
        String pem = Json.createReader(new java.io.StringReader(json)).readObject().getString("private_key");
        return pem.lines().filter(line -> !line.startsWith("-----")).skip(2).findFirst().orElseThrow();
    }

    private static String privateKeyPem() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            byte[] pkcs8 = generator.generateKeyPair().getPrivate().getEncoded();
            return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pkcs8)
                    + "\n-----END PRIVATE KEY-----\n";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.resultstore.impl.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import dev.resultstore.ResultSerializationException;
import dev.resultstore.spi.BatchDeleteResult;
import dev.resultstore.spi.ConditionalStorage;
import dev.resultstore.spi.StoredObject;
import dev.resultstore.spi.Versioned;

/**
 * Encrypts every stored value with AES-256-GCM ({@code resultstore.encryption.key}), so that
 * whoever operates the storage cannot read results. The storage key is authenticated with the
 * value: a document moved to another key, changed or written with an unknown key is refused,
 * naming the key, never read as a wrong value. Each value records the id of its key, so that
 * keys can rotate: values written with {@code resultstore.encryption.previous-keys} still read.
 *
 * <p>Layout: {@code "RSE1"}, the key id (8 bytes), a 12-byte random nonce, then the ciphertext
 * with its 16-byte tag. Such documents are not Celery-readable.
 */
public final class EncryptingStorage implements ConditionalStorage {

    private static final byte[] MAGIC = "RSE1".getBytes(StandardCharsets.US_ASCII);
    private static final int KEY_ID_BYTES = 8;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int HEADER = MAGIC.length + KEY_ID_BYTES + NONCE_BYTES;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ConditionalStorage storage;
    private final byte[] currentId;
    private final SecretKeySpec current;
    private final Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
    private final long maxDocumentSize;

    /**
     * @param key             the 32-byte key new values are encrypted with
     * @param previousKeys    older 32-byte keys, still accepted for reading
     * @param maxDocumentSize {@code resultstore.max-result-size} ({@code 0}: none): a streamed
     *                        read of a sealed value that could only hold a larger document stops
     *                        there instead of reading it whole to decrypt it
     */
    public EncryptingStorage(ConditionalStorage storage, byte[] key, List<byte[]> previousKeys, long maxDocumentSize) {
        this.storage = storage;
        this.maxDocumentSize = maxDocumentSize;
        this.current = aesKey(key);
        this.currentId = keyId(key);
        keys.put(HexFormat.of().formatHex(currentId), current);
        for (byte[] previous : previousKeys) {
            keys.putIfAbsent(HexFormat.of().formatHex(keyId(previous)), aesKey(previous));
        }
    }

    private static SecretKeySpec aesKey(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("an AES-256 key has 32 bytes, this one has " + key.length);
        }
        return new SecretKeySpec(key, "AES");
    }

    /** The first bytes of the key's SHA-256: names the key without revealing it. */
    static byte[] keyId(byte[] key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
            return java.util.Arrays.copyOf(digest, KEY_ID_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    byte[] encrypt(String key, byte[] plain) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, current, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(key.getBytes(StandardCharsets.UTF_8));
            ByteBuffer out = ByteBuffer.allocate(HEADER + cipher.getOutputSize(plain.length));
            out.put(MAGIC).put(currentId).put(nonce);
            cipher.doFinal(ByteBuffer.wrap(plain), out);
            return out.array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    byte[] decrypt(String key, byte[] stored) {
        if (stored.length < HEADER + TAG_BITS / 8 || !ByteBuffer.wrap(stored, 0, MAGIC.length).equals(ByteBuffer.wrap(MAGIC))) {
            throw new ResultSerializationException("The document under '" + key + "' is not encrypted (or not a ResultStore"
                    + " document), but resultstore.encryption.key is set: refusing to read it as a result", null);
        }
        String id = HexFormat.of().formatHex(stored, MAGIC.length, MAGIC.length + KEY_ID_BYTES);
        SecretKeySpec secret = keys.get(id);
        if (secret == null) {
            throw new ResultSerializationException("The document under '" + key + "' was encrypted with key " + id
                    + ", which is neither resultstore.encryption.key nor one of resultstore.encryption.previous-keys", null);
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, secret,
                    new GCMParameterSpec(TAG_BITS, stored, MAGIC.length + KEY_ID_BYTES, NONCE_BYTES));
            cipher.updateAAD(key.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(stored, HEADER, stored.length - HEADER);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new ResultSerializationException("The document under '" + key + "' failed authentication: it was"
                    + " changed, or moved from another key, after it was encrypted", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        }
    }

    @Override
    public String description() {
        return storage.description() + ", encrypted (AES-256-GCM)";
    }

    @Override
    public void put(String key, byte[] value) throws IOException {
        storage.put(key, encrypt(key, value));
    }

    @Override
    public Optional<byte[]> get(String key) throws IOException {
        Optional<byte[]> stored = storage.get(key);
        return stored.isPresent() ? Optional.of(decrypt(key, stored.get())) : Optional.empty();
    }

    // GCM authenticates the whole value: it is read whole before any byte is handed out, at the
    // first read, so that opening and closing (whether a document exists) reads nothing.
    @Override
    public Optional<InputStream> openStream(String key) throws IOException {
        return storage.openStream(key).map(stored -> new InputStream() {
            private InputStream plain;

            private InputStream plain() throws IOException {
                if (plain == null) {
                    plain = new ByteArrayInputStream(decrypt(key, sealed(key, stored)));
                }
                return plain;
            }

            @Override
            public int read() throws IOException {
                return plain().read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return plain().read(b, off, len);
            }

            @Override
            public void close() throws IOException {
                stored.close();
            }
        });
    }

    /** The whole sealed value, refused unread past the largest one a document within the limit makes. */
    private byte[] sealed(String key, InputStream stored) throws IOException {
        if (maxDocumentSize <= 0) {
            return stored.readAllBytes();
        }
        long largest = maxDocumentSize + HEADER + TAG_BITS / 8;
        byte[] sealed = stored.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, largest + 1));
        if (sealed.length > largest) {
            throw new ResultSerializationException("The document stored under '" + key + "' is larger than"
                    + " resultstore.max-result-size (" + maxDocumentSize + " bytes); it was not decrypted or read further."
                    + " Raise the limit to read it, or delete it (ResultBackend.forget)", null);
        }
        return sealed;
    }

    @Override
    public boolean delete(String key) throws IOException {
        return storage.delete(key);
    }

    @Override
    public Stream<StoredObject> list(String keyPrefix) throws IOException {
        return storage.list(keyPrefix);
    }

    @Override
    public BatchDeleteResult deleteAll(Collection<String> keys) throws IOException {
        return storage.deleteAll(keys);
    }

    @Override
    public Optional<Versioned> getVersioned(String key) throws IOException {
        Optional<Versioned> stored = storage.getVersioned(key);
        return stored.isPresent()
                ? Optional.of(new Versioned(decrypt(key, stored.get().value()), stored.get().version()))
                : Optional.empty();
    }

    @Override
    public boolean putIfVersion(String key, byte[] value, String expectedVersion) throws IOException {
        return storage.putIfVersion(key, encrypt(key, value), expectedVersion);
    }

    @Override
    public boolean putIfAbsent(String key, byte[] value) throws IOException {
        return storage.putIfAbsent(key, encrypt(key, value));
    }

    @Override
    public void close() throws IOException {
        storage.close();
    }
}

package io.hsmgateway.secrets;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * Encrypts the websites' WhatsApp access tokens for the database: AES-256-GCM under the gateway's secrets
 * key ({@link SecretsKey}), a fresh random 96-bit IV per value, and the website id as associated data, so a
 * token copied into another website's row does not decrypt. Stored form: {@value #VERSION} followed by
 * base64(IV, ciphertext, tag). A value without the prefix is a plain token written before tokens were
 * encrypted; {@link AccessTokenMigration} encrypts those at start-up.
 */
public final class AccessTokenCipher {

    /** Prefix of an encrypted value; a later scheme gets its own. */
    public static final String VERSION = "v1:";
    public static final int KEY_BYTES = 32;

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance(TRANSFORMATION);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is not available in this JVM", e);
        }
    });

    private final SecretKey key;

    public AccessTokenCipher(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("An AES-256 key is " + KEY_BYTES + " bytes, not " + key.length);
        }
        this.key = new SecretKeySpec(key, "AES");
    }

    public String encrypt(String websiteId, String token) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            byte[] sealed = cipher(Cipher.ENCRYPT_MODE, websiteId, iv).doFinal(token.getBytes(StandardCharsets.UTF_8));
            byte[] stored = Arrays.copyOf(iv, IV_BYTES + sealed.length);
            System.arraycopy(sealed, 0, stored, IV_BYTES, sealed.length);
            return VERSION + Base64.getEncoder().encodeToString(stored);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is not available in this JVM", e);
        }
    }

    /**
     * @param stored the column's value: encrypted, or a plain token of an earlier version (returned as it is)
     * @throws UnreadableAccessTokenException the value does not decrypt under this key for this website: it was
     *                                        encrypted under another key, or altered (never a garbled token)
     */
    public String decrypt(String websiteId, String stored) {
        if (!isEncrypted(stored)) {
            return stored;
        }
        byte[] sealed;
        try {
            sealed = Base64.getDecoder().decode(stored.substring(VERSION.length()));
        } catch (IllegalArgumentException e) {
            throw new UnreadableAccessTokenException(websiteId, "the stored value is not valid base64");
        }
        if (sealed.length < IV_BYTES + TAG_BITS / 8) {
            throw new UnreadableAccessTokenException(websiteId, "the stored value is truncated");
        }
        try {
            byte[] token = cipher(Cipher.DECRYPT_MODE, websiteId, Arrays.copyOf(sealed, IV_BYTES))
                    .doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES);
            return new String(token, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new UnreadableAccessTokenException(websiteId,
                    "it was encrypted under another key than this gateway's, or altered");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is not available in this JVM", e);
        }
    }

    public static boolean isEncrypted(String stored) {
        return stored != null && stored.startsWith(VERSION);
    }

    private Cipher cipher(int mode, String websiteId, byte[] iv) throws GeneralSecurityException {
        // not thread-safe, and its provider lookup costs more than the decryption: one per thread, set up anew
        // (a fresh IV) at each use
        Cipher cipher = CIPHERS.get();
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
        cipher.updateAAD(websiteId.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }
}

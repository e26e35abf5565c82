package io.hsmgateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * API keys: 32 random bytes, shown once, stored as their SHA-256. A key has the entropy of a random
 * token, so an unsalted fast hash is enough (as for GitHub tokens); compared in constant time.
 */
public final class ApiKeys {

    private static final String PREFIX = "hsm_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {
    }

    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String hash(String key) {
        return HexFormat.of().formatHex(sha256(key));
    }

    /** The first characters, safe to list so an operator can tell keys apart. */
    public static String prefixOf(String key) {
        return key.substring(0, Math.min(key.length(), PREFIX.length() + 6));
    }

    public static boolean matches(String presentedKey, String storedHash) {
        return MessageDigest.isEqual(sha256(presentedKey), HexFormat.of().parseHex(storedHash));
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}

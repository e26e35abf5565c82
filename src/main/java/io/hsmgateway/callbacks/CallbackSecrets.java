package io.hsmgateway.callbacks;

import io.hsmgateway.secrets.HmacSha256;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A website's callback secret and the signature it makes. The secret is 32 random bytes, base64url, after
 * {@value #PREFIX} (so a leaked one is recognisable); the HMAC key is the secret exactly as shown, as UTF-8 bytes.
 * The signature header is {@code sha256=<hex HMAC-SHA256(secret, raw body)>}, as WhatsApp signs its webhooks.
 */
public final class CallbackSecrets {

    public static final String PREFIX = "hsmcb_";
    private static final int BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private CallbackSecrets() {
    }

    public static String generate() {
        byte[] secret = new byte[BYTES];
        RANDOM.nextBytes(secret);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** The value of {@code X-Hsm-Signature-256} for this body. */
    public static String signature(String secret, byte[] body) {
        return HmacSha256.header(secret.getBytes(StandardCharsets.UTF_8), body);
    }
}

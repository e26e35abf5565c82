package io.hsmgateway.secrets;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * HMAC-SHA256 signatures of raw bodies, in the form Meta uses for its webhooks ({@code sha256=<hex>}): how the
 * gateway checks WhatsApp's webhooks and how it signs the status callbacks it sends to websites.
 */
public final class HmacSha256 {

    /** What precedes the hex digest in a signature header. */
    public static final String PREFIX = "sha256=";

    private HmacSha256() {
    }

    public static byte[] digest(byte[] key, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    /** The header's value: {@code sha256=<hex HMAC-SHA256(key, body)>}. */
    public static String header(byte[] key, byte[] body) {
        return PREFIX + HexFormat.of().formatHex(digest(key, body));
    }
}

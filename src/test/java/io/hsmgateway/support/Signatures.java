package io.hsmgateway.support;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * Signatures as Meta makes them ({@code sha256=<hex HMAC-SHA256(key, raw body)>}), computed by the tests themselves
 * and never by the gateway's code: a test that signed with the gateway's own signer would still pass with the wrong
 * algorithm in it. This signer is pinned to a vector computed outside Java, once, with OpenSSL; the class refuses to
 * load if it ever disagrees with it.
 */
public final class Signatures {

    /** The key of the fixed vector (also the app secret of the webhook tests). */
    public static final String VECTOR_KEY = "test-app-secret-0123456789";
    /** A WhatsApp status webhook for an unknown message id, signed below. */
    public static final String VECTOR_BODY = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\","
            + "\"changes\":[{\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"15550783881\","
            + "\"phone_number_id\":\"1\"},\"statuses\":[{\"id\":\"wamid.openssl-vector\",\"status\":\"delivered\","
            + "\"timestamp\":\"1764979200\",\"recipient_id\":\"542994843975\"}]},\"field\":\"messages\"}]}]}";
    /** {@code printf '%s' "$VECTOR_BODY" | openssl dgst -sha256 -hmac "$VECTOR_KEY"} (OpenSSL 3), pasted as is. */
    public static final String VECTOR_SIGNATURE = "sha256=1a933d6add8ee416229e9b47d86eabee0597a2272827270254904b82c8d543fe";

    static {
        if (!sign(VECTOR_KEY, VECTOR_BODY).equals(VECTOR_SIGNATURE)) {
            throw new IllegalStateException("the tests' HMAC-SHA256 disagrees with OpenSSL's vector");
        }
    }

    private Signatures() {
    }

    public static String sign(String key, String body) {
        return sign(key, body.getBytes(StandardCharsets.UTF_8));
    }

    public static String sign(String key, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

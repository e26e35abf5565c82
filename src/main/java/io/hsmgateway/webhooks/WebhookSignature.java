package io.hsmgateway.webhooks;

import io.hsmgateway.api.ApiCode;
import io.hsmgateway.api.ApiResponse;
import io.hsmgateway.api.RejectedException;
import io.hsmgateway.api.RequestBodyDecoder;
import io.hsmgateway.doors.ClientAddress;
import io.hsmgateway.secrets.HmacSha256;
import io.vertx.core.net.SocketAddress;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Meta signs every webhook POST: {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body, keyed with the
 * app secret>}. The body is checked against it as received, byte for byte, before it is parsed; the comparison takes
 * the same time wherever the bytes differ. Without an app secret nothing can be checked, so everything is refused.
 * A refusal is logged with the caller's address and the reason, never the body or the signature.
 */
public class WebhookSignature {

    public static final String BEAN_NAME = "whatsappWebhookSignature";
    public static final String HEADER = "X-Hub-Signature-256";

    private static final Logger LOG = LoggerFactory.getLogger(WebhookSignature.class);
    private static final String PREFIX = HmacSha256.PREFIX;
    private static final ApiResponse REFUSED = ApiResponse.of(ApiCode.UNAUTHORIZED, "Invalid webhook signature", null);

    private final byte[] appSecret;

    public WebhookSignature(String appSecret) {
        this.appSecret = appSecret.getBytes(StandardCharsets.UTF_8);
    }

    /** The header's value for a body, as Meta computes it: what tests and the sandbox sign with. */
    public static String sign(byte[] appSecret, byte[] body) {
        return HmacSha256.header(appSecret, body);
    }

    public void check(Exchange exchange, @Header(HEADER) String signature,
                      @Header(VertxPlatformHttpConstants.REMOTE_ADDRESS) SocketAddress remote) {
        byte[] body = RequestBodyDecoder.rawBytes(exchange);
        String refusal = refusal(body == null ? new byte[0] : body, signature);
        if (refusal != null) {
            LOG.warn("Refused a WhatsApp webhook POST from {}: {}", ClientAddress.of(remote), refusal);
            throw new RejectedException(REFUSED);
        }
    }

    private String refusal(byte[] body, String signature) {
        if (appSecret.length == 0) {
            return "no app secret configured (hsm.whatsapp.app-secret)";
        }
        if (signature == null) {
            return HEADER + " missing";
        }
        String value = signature.trim();
        if (!value.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return HEADER + " is not sha256=<hex>";
        }
        byte[] presented;
        try {
            presented = HexFormat.of().parseHex(value.substring(PREFIX.length()).toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException notHex) {
            return HEADER + " is not sha256=<hex>";
        }
        return MessageDigest.isEqual(HmacSha256.digest(appSecret, body), presented) ? null : "signature does not match the body";
    }
}

package io.hsmgateway.webhooks;

import io.hsmgateway.api.ApiCode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Meta's verification request, made when the callback URL is set up at Meta: {@code hub.mode=subscribe} and the
 * verify token we configured there are answered with {@code hub.challenge}, echoed as text. Anything else is 403 FORBIDDEN (the envelope),
 * as is every request while no token is configured. The token is compared in constant time.
 */
public class WebhookHandshake {

    public static final String BEAN_NAME = "whatsappWebhookHandshake";

    static final String MODE = "hub.mode";
    static final String VERIFY_TOKEN = "hub.verify_token";
    static final String CHALLENGE = "hub.challenge";

    private final byte[] verifyToken;

    public WebhookHandshake(String verifyToken) {
        this.verifyToken = verifyToken.getBytes(StandardCharsets.UTF_8);
    }

    private static final String FORBIDDEN = "{\"code\":\"FORBIDDEN\",\"statusCode\":403,\"description\":\""
            + ApiCode.FORBIDDEN.description() + "\",\"result\":null}";

    public void answer(Exchange exchange) {
        Message message = exchange.getMessage();
        String mode = message.getHeader(MODE, String.class);
        String token = message.getHeader(VERIFY_TOKEN, String.class);
        String challenge = message.getHeader(CHALLENGE, String.class);
        boolean verified = verifyToken.length > 0 && "subscribe".equals(mode) && token != null && challenge != null
                && MessageDigest.isEqual(verifyToken, token.getBytes(StandardCharsets.UTF_8));
        message.getHeaders().clear();
        message.setHeader("X-Content-Type-Options", "nosniff");
        if (!verified) {
            // a refusal like every other: the envelope (and nothing of what was sent repeated)
            message.setHeader(Exchange.HTTP_RESPONSE_CODE, ApiCode.FORBIDDEN.statusCode());
            message.setHeader(Exchange.CONTENT_TYPE, "application/json");
            message.setBody(FORBIDDEN);
            return;
        }
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        // the challenge goes back as it came: never rendered as anything but text
        message.setHeader(Exchange.CONTENT_TYPE, "text/plain; charset=utf-8");
        message.setBody(challenge);
    }
}

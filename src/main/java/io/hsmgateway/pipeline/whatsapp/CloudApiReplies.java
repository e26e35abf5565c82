package io.hsmgateway.pipeline.whatsapp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hsmgateway.Hsm;
import io.hsmgateway.secrets.AccessTokenCipher;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.util.ObjectHelper;
import org.apache.hc.client5.http.ConnectTimeoutException;

import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;

/** The Cloud API side of delivery: where a message goes, with which credentials, and what came back. */
public class CloudApiReplies {

    public static final String BEAN_NAME = "cloudApiReplies";

    private final ObjectMapper json;
    private final String apiVersion;
    private final AccessTokenCipher accessTokens;

    public CloudApiReplies(ObjectMapper json, String apiVersion, AccessTokenCipher accessTokens) {
        this.json = json;
        this.apiVersion = apiVersion;
        this.accessTokens = accessTokens;
    }

    /** The Cloud API message as JSON: what is sent, and resent by retries. */
    public String payloadJson(@ExchangeProperty(Hsm.MESSAGE) TemplateMessage message) throws JsonProcessingException {
        return json.writeValueAsString(message);
    }

    /** Reads the Cloud API's answer: the accepted message's id, or a {@code ProviderException}. */
    public String accepted(Exchange exchange) {
        return messageId(exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class),
                exchange.getMessage().getBody(String.class),
                exchange.getMessage().getHeader("Retry-After", String.class));
    }

    public String messagesPath(@ExchangeProperty(Hsm.TARGET) DeliveryTarget target) {
        return "/" + apiVersion + "/" + target.phoneNumberId() + "/messages";
    }

    /**
     * The one place the website's token is decrypted; the header is removed after the call.
     *
     * @throws io.hsmgateway.secrets.UnreadableAccessTokenException the token does not decrypt under this key:
     *                                                             nothing is sent
     */
    public String authorization(@ExchangeProperty(Hsm.WEBSITE_ID) String websiteId,
                                @ExchangeProperty(Hsm.TARGET) DeliveryTarget target) {
        return "Bearer " + accessTokens.decrypt(websiteId, target.storedAccessToken());
    }

    /** A paused website's sends are held, not attempted: nothing is sent until the pause ends. */
    public void checkNotPaused(@ExchangeProperty(Hsm.TARGET) DeliveryTarget target) {
        if (target.pausedAt(Instant.now())) {
            throw ProviderException.held(target.pausedUntil(), "website paused: its WhatsApp account failed");
        }
    }

    /** @return the Cloud API message id (wamid) of an accepted message, else a {@link ProviderException} */
    public String messageId(int status, String body, String retryAfter) {
        JsonNode reply = parse(body);
        if (status >= 200 && status < 300) {
            String id = reply.path("messages").path(0).path("id").asText(null);
            if (id != null) {
                return id;
            }
            throw ProviderException.reply(status, null, "accepted without a message id", null);
        }
        JsonNode error = reply.path("error");
        Integer code = error.path("code").isNumber() ? error.path("code").asInt() : null;
        String message = error.path("message").asText("HTTP " + status);
        throw ProviderException.reply(status, code, message, retryAfterOf(retryAfter));
    }

    /** The call itself failed: a read timeout may have delivered the message, a connect failure did not. */
    public static ProviderException callFailed(Exception failure) {
        ProviderException provider = ObjectHelper.getException(ProviderException.class, failure);
        if (provider != null) {
            return provider;
        }
        boolean readTimeout = ObjectHelper.getException(SocketTimeoutException.class, failure) != null
                && ObjectHelper.getException(ConnectTimeoutException.class, failure) == null;
        return readTimeout ? ProviderException.timeout() : ProviderException.unreachable(failure.getClass().getSimpleName());
    }

    private static Duration retryAfterOf(String header) {
        if (header == null) {
            return null;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(header.trim()));
        } catch (NumberFormatException e) {
            return null; // an HTTP-date Retry-After is rare from Meta; the backoff applies
        }
    }

    private JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? json.createObjectNode() : json.readTree(body);
        } catch (Exception e) {
            return json.createObjectNode();
        }
    }
}

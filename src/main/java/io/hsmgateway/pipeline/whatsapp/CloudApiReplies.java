package io.hsmgateway.pipeline.whatsapp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hsmgateway.Hsm;
import io.hsmgateway.secrets.AccessTokenCipher;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.util.ObjectHelper;
import io.hsmgateway.http.AnswerBodyCap;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.UnsupportedSchemeException;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.NoHttpResponseException;

import javax.net.ssl.SSLHandshakeException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The Cloud API side of delivery: where a message goes, with which credentials, and what came back. */
public class CloudApiReplies {

    public static final String BEAN_NAME = "cloudApiReplies";

    /**
     * Failures that prove the request was never written: they happen while a connection is leased or opened (TCP,
     * then TLS), before HttpClient writes a byte of the request. Anything else is in doubt.
     */
    private static final List<Class<? extends Exception>> NOTHING_WRITTEN = List.of(
            ConnectException.class,                   // refused (HttpClient's HttpHostConnectException is one)
            ConnectTimeoutException.class,
            NoRouteToHostException.class,
            UnknownHostException.class,
            ConnectionRequestTimeoutException.class,  // no pooled connection within the timeout
            SSLHandshakeException.class,              // HttpClient completes the handshake before it writes
            UnsupportedSchemeException.class);

    private final ObjectMapper json;
    private final String apiVersion;
    private final AccessTokenCipher accessTokens;
    private final Duration maxRetryAfter;

    /** @param maxRetryAfter a longer Retry-After is taken as this (hsm.delivery.backoff-max-ms) */
    public CloudApiReplies(ObjectMapper json, String apiVersion, AccessTokenCipher accessTokens, Duration maxRetryAfter) {
        this.json = json;
        this.apiVersion = apiVersion;
        this.accessTokens = accessTokens;
        this.maxRetryAfter = maxRetryAfter;
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

    /**
     * @return the Cloud API message id (wamid) of an accepted message, else a {@link ProviderException}: a 2xx the
     * gateway cannot read (HTML, garbage, no message id) is in doubt, not a refusal: WhatsApp may have taken it
     */
    public String messageId(int status, String body, String retryAfter) {
        JsonNode reply = parse(body);
        if (status >= 200 && status < 300) {
            JsonNode id = reply.path("messages").path(0).path("id");
            if (id.isTextual() && !id.asText().isBlank()) {
                return id.asText();
            }
            throw ProviderException.inDoubt(status, "HTTP " + status + " without a message id");
        }
        JsonNode error = reply.path("error");
        Integer code = error.path("code").isNumber() ? error.path("code").asInt() : null;
        String message = error.path("message").asText("HTTP " + status);
        throw ProviderException.reply(status, code, message, retryAfterOf(retryAfter));
    }

    /**
     * The call itself failed. Only a failure that proves the request was never written ({@link #NOTHING_WRITTEN}) is
     * UNREACHABLE, which is retried; any other (a read timeout, the connection closed or reset once the request was
     * written, an answer over the bound) is IN_DOUBT: the message may have been sent.
     */
    public static ProviderException callFailed(Exception failure) {
        ProviderException provider = ObjectHelper.getException(ProviderException.class, failure);
        if (provider != null) {
            return provider;
        }
        for (Class<? extends Exception> nothingWritten : NOTHING_WRITTEN) {
            if (ObjectHelper.getException(nothingWritten, failure) != null) {
                return ProviderException.unreachable(failure.getClass().getSimpleName());
            }
        }
        if (ObjectHelper.getException(SocketTimeoutException.class, failure) != null) {
            return ProviderException.timeout();
        }
        AnswerBodyCap.AnswerTooLarge tooLarge = ObjectHelper.getException(AnswerBodyCap.AnswerTooLarge.class, failure);
        if (tooLarge != null) {
            return ProviderException.inDoubt(0, tooLarge.getMessage() + ": not read");
        }
        if (ObjectHelper.getException(NoHttpResponseException.class, failure) != null) {
            return ProviderException.inDoubt(0, "connection closed without an answer");
        }
        SocketException socket = ObjectHelper.getException(SocketException.class, failure);
        if (socket != null) {
            return ProviderException.inDoubt(0, "connection broken after the request was written ("
                    + (socket.getMessage() == null ? socket.getClass().getSimpleName() : socket.getMessage()) + ")");
        }
        return ProviderException.inDoubt(0, "no readable answer (" + failure.getClass().getSimpleName() + ")");
    }

    /** Seconds (an HTTP-date Retry-After is rare from Meta: the backoff applies), at most {@link #maxRetryAfter}. */
    Duration retryAfterOf(String header) {
        if (header == null || !header.trim().matches("[0-9]{1,30}")) {
            return null;
        }
        String seconds = header.trim();
        // more digits than a long holds is longer than any cap
        if (seconds.length() > 18 || Long.parseLong(seconds) > maxRetryAfter.toSeconds()) {
            return maxRetryAfter;
        }
        return Duration.ofSeconds(Long.parseLong(seconds));
    }

    private JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? json.createObjectNode() : json.readTree(body);
        } catch (Exception e) {
            return json.createObjectNode();
        }
    }
}

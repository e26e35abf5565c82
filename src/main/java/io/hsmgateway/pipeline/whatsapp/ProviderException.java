package io.hsmgateway.pipeline.whatsapp;

import java.time.Duration;
import java.time.Instant;

/**
 * WhatsApp did not take a message: it answered an error ({@code providerCode} is its {@code error.code}),
 * could not be reached (nothing was sent), gave no answer the gateway can read once the request was written
 * (in doubt: it may have been sent), or the attempt was held back (website paused, recipient backed off) and not made.
 */
public class ProviderException extends RuntimeException {

    /**
     * UNREACHABLE: the request was never written (connect refused or timed out, no pooled connection in time), so
     * nothing was sent. IN_DOUBT: it was written and no readable answer came (a read timeout, the connection closed
     * or reset, a 2xx without a message id, an answer over the bound): it may have been sent. HELD: not attempted,
     * because the website is paused or the recipient is being backed off.
     */
    public enum Kind { REPLY, UNREACHABLE, IN_DOUBT, HELD }

    private final Kind kind;
    private final int httpStatus;
    private final Integer providerCode;
    private final String providerMessage;
    private final Duration retryAfter;
    private final Instant retryAt;

    private ProviderException(Kind kind, int httpStatus, Integer providerCode, String providerMessage,
                              Duration retryAfter, Instant retryAt, String message) {
        super(message, null, false, false);
        this.kind = kind;
        this.httpStatus = httpStatus;
        this.providerCode = providerCode;
        this.providerMessage = providerMessage;
        this.retryAfter = retryAfter;
        this.retryAt = retryAt;
    }

    public static ProviderException reply(int httpStatus, Integer providerCode, String providerMessage, Duration retryAfter) {
        return new ProviderException(Kind.REPLY, httpStatus, providerCode, providerMessage, retryAfter, null,
                (providerCode == null ? "" : providerCode + ": ") + providerMessage + " (HTTP " + httpStatus + ")");
    }

    public static ProviderException unreachable(String why) {
        return new ProviderException(Kind.UNREACHABLE, 0, null, why, null, null, "unreachable: " + why);
    }

    /** No answer within the response timeout (its message, "read timeout", is the caller's {@code result.reason}). */
    public static ProviderException timeout() {
        return new ProviderException(Kind.IN_DOUBT, 0, null, "no answer in time", null, null, "read timeout");
    }

    /**
     * The request was written and what came back (if anything) does not say whether WhatsApp took it.
     *
     * @param httpStatus the answer's status, 0 when there was none
     * @param why        what happened, as the caller reads it in {@code result.reason} (the exception's message)
     */
    public static ProviderException inDoubt(int httpStatus, String why) {
        return new ProviderException(Kind.IN_DOUBT, httpStatus, null, why, null, null, why);
    }

    public static ProviderException held(Instant until, String reason) {
        return new ProviderException(Kind.HELD, 0, null, reason, null, until, "held: " + reason);
    }

    public Kind kind() {
        return kind;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public Integer providerCode() {
        return providerCode;
    }

    public String providerMessage() {
        return providerMessage;
    }

    /** The server's Retry-After, if it sent one. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** For HELD: when the attempt may be made. */
    public Instant retryAt() {
        return retryAt;
    }
}

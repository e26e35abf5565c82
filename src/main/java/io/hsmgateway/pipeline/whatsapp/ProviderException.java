package io.hsmgateway.pipeline.whatsapp;

import java.time.Duration;
import java.time.Instant;

/**
 * WhatsApp did not take a message: it answered an error ({@code providerCode} is its {@code error.code}),
 * could not be reached (nothing was sent), did not answer in time (it may have been sent), or the
 * attempt was held back (website paused, recipient backed off) and not made.
 */
public class ProviderException extends RuntimeException {

    /** HELD: not attempted, because the website is paused or the recipient is being backed off. */
    public enum Kind { REPLY, UNREACHABLE, TIMEOUT, HELD }

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

    public static ProviderException timeout() {
        return new ProviderException(Kind.TIMEOUT, 0, null, "no answer in time", null, null, "read timeout");
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

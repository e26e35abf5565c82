package io.hsmgateway.pipeline.whatsapp;

import java.time.Duration;
import java.time.Instant;

/**
 * WhatsApp did not take a message: it answered an error ({@code providerCode} is its {@code error.code}),
 * could not be reached (nothing was sent), did not answer in time (it may have been sent), or the
 * website is paused and the attempt was not made.
 */
public class ProviderException extends RuntimeException {

    public enum Kind { REPLY, UNREACHABLE, TIMEOUT, WEBSITE_PAUSED }

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

    public static ProviderException websitePaused(Instant until, String reason) {
        return new ProviderException(Kind.WEBSITE_PAUSED, 0, null, reason, null, until, "website paused: " + reason);
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

    /** For WEBSITE_PAUSED: when the website's sends resume. */
    public Instant retryAt() {
        return retryAt;
    }
}

package io.hsmgateway.pipeline.whatsapp;

/**
 * The Cloud API did not accept a message: it answered an error ({@code providerCode} is its
 * {@code error.code}), or could not be reached. Classified on the code, not the HTTP status.
 */
public class ProviderException extends RuntimeException {

    private final int httpStatus;
    private final Integer providerCode;
    private final String providerMessage;

    public ProviderException(int httpStatus, Integer providerCode, String providerMessage) {
        super("Cloud API error " + providerCode + " (HTTP " + httpStatus + "): " + providerMessage, null, false, false);
        this.httpStatus = httpStatus;
        this.providerCode = providerCode;
        this.providerMessage = providerMessage;
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
}

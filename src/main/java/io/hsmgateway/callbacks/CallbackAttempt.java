package io.hsmgateway.callbacks;

/**
 * How one POST of a status callback went: delivered (a 2xx answer), or why not, in words of ours (never the
 * secret, the URL or the receiver's answer body).
 */
public record CallbackAttempt(boolean delivered, String error) {

    public static CallbackAttempt succeeded() {
        return new CallbackAttempt(true, null);
    }

    public static CallbackAttempt failed(String error) {
        return new CallbackAttempt(false, error);
    }
}

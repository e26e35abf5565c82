package io.hsmgateway.api;

/**
 * A request the gateway refuses with a known envelope. Thrown by any step; the one error handler turns
 * it into the answer. No stack trace is kept: it is an outcome, not a fault.
 */
public class RejectedException extends RuntimeException {

    private final transient ApiResponse response;

    public RejectedException(ApiResponse response) {
        super(response.code() + ": " + response.description(), null, false, false);
        this.response = response;
    }

    public RejectedException(ApiCode code, Object result) {
        this(ApiResponse.of(code, result));
    }

    public ApiResponse response() {
        return response;
    }
}

package io.hsmgateway.api;

/** A resource that does not exist (admin API): NOT_FOUND (404), "Cant find <what>", answered by the one error handler. */
public class NotFound extends RejectedException {

    public NotFound(String what) {
        super(ApiResponse.of(ApiCode.NOT_FOUND, "Cant find " + what, null));
    }
}

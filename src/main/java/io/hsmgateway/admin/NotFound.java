package io.hsmgateway.admin;

import io.hsmgateway.api.ApiCode;
import io.hsmgateway.api.ApiResponse;
import io.hsmgateway.api.RejectedException;

/** An admin resource that does not exist: NOT_FOUND (404), "Cant find <what>", answered by the one error handler. */
public class NotFound extends RejectedException {

    public NotFound(String what) {
        super(ApiResponse.of(ApiCode.NOT_FOUND, "Cant find " + what, null));
    }
}

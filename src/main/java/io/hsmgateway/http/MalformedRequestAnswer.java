package io.hsmgateway.http;

import io.hsmgateway.api.ApiCode;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

import java.util.Locale;

/**
 * What the HTTP server answers a request it could not read, in the envelope (Vert.x's own answer has an empty
 * body): headers over the limit 431 HEADERS_TOO_LARGE, a request line over it 414 URI_TOO_LONG, a missing, negative
 * or repeated Content-Length INVALID_CONTENT_LENGTH, anything else 400 MALFORMED_REQUEST. The connection is closed
 * after it, as Vert.x does: what follows on it cannot be framed.
 */
public final class MalformedRequestAnswer implements Handler<HttpServerRequest> {

    @Override
    public void handle(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        String message = cause == null || cause.getMessage() == null ? "" : cause.getMessage().toLowerCase(Locale.ROOT);
        ApiCode code;
        if (cause instanceof TooLongHttpHeaderException || message.startsWith("http header is larger than")) {
            code = ApiCode.HEADERS_TOO_LARGE;
        } else if (cause instanceof TooLongHttpLineException || message.startsWith("an http line is larger than")) {
            code = ApiCode.URI_TOO_LONG;
        } else if (message.contains("content-length") || message.contains("content length")) {
            code = ApiCode.INVALID_CONTENT_LENGTH;
        } else {
            code = ApiCode.MALFORMED_REQUEST;
        }
        request.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        Envelopes.end(request.response(), code).onComplete(written -> request.connection().close());
    }
}

package io.hsmgateway.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hsmgateway.api.ApiCode;
import io.hsmgateway.api.ApiResponse;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/** An envelope written straight on a Vert.x response, for the refusals made before any Camel route runs. */
final class Envelopes {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Envelopes() {
    }

    static Future<Void> end(HttpServerResponse response, ApiCode code) {
        String body;
        try {
            body = JSON.writeValueAsString(ApiResponse.of(code, null));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return response.setStatusCode(code.statusCode())
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(body);
    }
}

package io.hsmgateway.pipeline;

import io.hsmgateway.Hsm;
import io.hsmgateway.api.ApiCode;
import io.hsmgateway.api.RejectedException;
import org.apache.camel.ExchangeProperty;

import java.util.Map;

/**
 * One size limit for a request, whatever door it came in by ({@code hsm.request.max-bytes}, counted in UTF-8
 * bytes), checked before anything of it is stored. A REST body over it never gets this far: the HTTP server
 * refuses it with the same answer before reading it.
 */
public class RequestSizeLimit {

    public static final String BEAN_NAME = "requestSizeLimit";

    /** The most the database keeps of one request (request_json VARCHAR(100000)): the limit stays within it. */
    public static final int STORABLE_BYTES = 100_000;

    private final int maxBytes;

    /** @param maxBytes hsm.request.max-bytes, checked at start-up to be 1 to {@link #STORABLE_BYTES} */
    public RequestSizeLimit(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    public void check(@ExchangeProperty(Hsm.REQUEST_JSON) String requestJson) {
        if (requestJson != null && exceeds(requestJson)) {
            throw new RejectedException(ApiCode.PAYLOAD_TOO_LARGE, Map.of("maxBytes", maxBytes));
        }
    }

    private boolean exceeds(String text) {
        // a UTF-16 char is 1 to 3 UTF-8 bytes (a surrogate pair 4 for 2): count only when it can matter
        if (text.length() > maxBytes) {
            return true;
        }
        if ((long) text.length() * 3 <= maxBytes) {
            return false;
        }
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes > maxBytes;
    }
}

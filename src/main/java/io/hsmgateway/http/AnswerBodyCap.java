package io.hsmgateway.http;

import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads at most {@code maxBytes} of an answer's body, in HttpClient's execution chain: camel-http reads whole bodies,
 * and an answer that never ends must not fill the heap. Past the cap the connection is dropped, not drained (closing
 * HttpClient's stream would read the rest), and the answer is either cut to the cap ({@link #truncating}: only its
 * status matters) or the call fails with {@link AnswerTooLarge} ({@link #failing}: an answer cut short would be read
 * wrong). Install it first in the chain ({@code addExecInterceptorFirst}, or next to a handler that must stay first):
 * it then counts the body as decompressed, after HttpClient's own handling.
 */
public final class AnswerBodyCap implements ExecChainHandler {

    private final int maxBytes;
    /** Null: truncate. Else what the answer is, for the failure's message ("a listing page"). */
    private final String failingAs;

    private AnswerBodyCap(int maxBytes, String failingAs) {
        this.maxBytes = maxBytes;
        this.failingAs = failingAs;
    }

    /** Past the cap the body is cut to {@code maxBytes}. */
    public static AnswerBodyCap truncating(int maxBytes) {
        return new AnswerBodyCap(maxBytes, null);
    }

    /** Past the cap the call fails with {@link AnswerTooLarge}, saying {@code what} was larger than allowed. */
    public static AnswerBodyCap failing(int maxBytes, String what) {
        return new AnswerBodyCap(maxBytes, what);
    }

    /** An answer over a {@link #failing} cap: its connection was dropped and nothing of it is kept. */
    public static final class AnswerTooLarge extends IOException {
        private final int maxBytes;

        AnswerTooLarge(String what, int maxBytes) {
            super(what + " larger than " + maxBytes + " bytes");
            this.maxBytes = maxBytes;
        }

        public int maxBytes() {
            return maxBytes;
        }
    }

    @Override
    public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        ClassicHttpResponse response = chain.proceed(request, scope);
        HttpEntity entity = response.getEntity();
        if (entity == null) {
            return response;
        }
        InputStream body = entity.getContent();
        byte[] head = body.readNBytes(maxBytes + 1);
        if (head.length > maxBytes) {
            scope.execRuntime.discardEndpoint();
            if (failingAs != null) {
                throw new AnswerTooLarge(failingAs, maxBytes);
            }
            head = Arrays.copyOf(head, maxBytes);
        } else {
            body.close(); // at its end: the connection goes back to the pool
        }
        ContentType type = entity.getContentType() == null ? null : ContentType.parseLenient(entity.getContentType());
        response.setEntity(new ByteArrayEntity(head, type));
        return response;
    }
}

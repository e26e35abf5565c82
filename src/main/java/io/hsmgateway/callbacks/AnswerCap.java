package io.hsmgateway.callbacks;

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
 * Reads at most {@code maxBytes} of a receiver's answer body: only its status matters, and a receiver that answers
 * with an endless body must not fill the heap (camel-http reads whole bodies). Past the cap the connection is
 * dropped, not drained: closing HttpClient's stream would read the rest.
 */
class AnswerCap implements ExecChainHandler {

    private final int maxBytes;

    AnswerCap(int maxBytes) {
        this.maxBytes = maxBytes;
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
            head = Arrays.copyOf(head, maxBytes);
        } else {
            body.close(); // at its end: the connection goes back to the pool
        }
        ContentType type = entity.getContentType() == null ? null : ContentType.parseLenient(entity.getContentType());
        response.setEntity(new ByteArrayEntity(head, type));
        return response;
    }
}

package io.hsmgateway.templatesync;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads at most {@code maxBytes} of a listing page: camel-http reads whole bodies, and a page that never ends must not
 * fill the heap. A larger page fails the sync (an IOException, as a broken connection would): a listing cut short
 * would retire the templates it did not reach. Past the cap the connection is dropped, not drained.
 */
public class ListingSizeCap implements HttpClientConfigurer {

    public static final String NAME = "templateListingSizeCap";
    /** Meta's pages of 100 templates are far smaller; a template's components are stored up to 100,000 characters. */
    static final int MAX_PAGE_BYTES = 8 * 1024 * 1024;

    private final int maxBytes;

    public ListingSizeCap(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        // first: it sees the answer as decompressed, after HttpClient's own handling
        builder.addExecInterceptorFirst("template-listing-size-cap", new Cap());
    }

    /** A page over the cap: the sync fails with this as its reason. */
    static final class PageTooLarge extends IOException {
        PageTooLarge(int maxBytes) {
            super("a listing page larger than " + maxBytes + " bytes");
        }
    }

    private final class Cap implements ExecChainHandler {
        @Override
        public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
                throws IOException, HttpException {
            ClassicHttpResponse response = chain.proceed(request, scope);
            HttpEntity entity = response.getEntity();
            if (entity == null) {
                return response;
            }
            InputStream body = entity.getContent();
            byte[] page = body.readNBytes(maxBytes + 1);
            if (page.length > maxBytes) {
                scope.execRuntime.discardEndpoint();
                throw new PageTooLarge(maxBytes);
            }
            body.close(); // at its end: the connection goes back to the pool
            ContentType type = entity.getContentType() == null ? null : ContentType.parseLenient(entity.getContentType());
            response.setEntity(new ByteArrayEntity(page, type));
            return response;
        }
    }
}

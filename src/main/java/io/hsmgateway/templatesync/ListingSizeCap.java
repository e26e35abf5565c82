package io.hsmgateway.templatesync;

import io.hsmgateway.http.AnswerBodyCap;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;

/**
 * Reads at most {@code maxBytes} of a listing page: camel-http reads whole bodies, and a page that never ends must not
 * fill the heap. A larger page fails the sync ({@link AnswerBodyCap.AnswerTooLarge}, an IOException, as a broken
 * connection would): a listing cut short would retire the templates it did not reach. Past the cap the connection is
 * dropped, not drained.
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
        builder.addExecInterceptorFirst("template-listing-size-cap", AnswerBodyCap.failing(maxBytes, "a listing page"));
    }
}

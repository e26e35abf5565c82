package io.hsmgateway.pipeline.whatsapp;

import io.hsmgateway.http.AnswerBodyCap;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;

/**
 * The Cloud API's HttpClient, as camel-http builds it for the messages endpoint: HttpClient never resends a request
 * on its own (it would resend one WhatsApp may have taken: the RetryPolicy alone decides, on what proves nothing was
 * sent), and at most {@value #MAX_ANSWER_BYTES} bytes of an answer are read. A longer answer fails the call
 * ({@link AnswerBodyCap.AnswerTooLarge}), in doubt like any answer the gateway cannot read; its connection is dropped.
 */
public class CloudApiClient implements HttpClientConfigurer {

    public static final String NAME = "cloudApiClient";
    /** WhatsApp's answers to a send are a few hundred bytes, its error answers a few KB. */
    public static final int MAX_ANSWER_BYTES = 256 * 1024;

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        // the http component turns them off for every endpoint too (PipelineConfiguration): said here where it matters
        builder.disableAutomaticRetries();
        // first: it counts the answer as decompressed, after HttpClient's own handling
        builder.addExecInterceptorFirst("cloud-api-answer-cap",
                AnswerBodyCap.failing(MAX_ANSWER_BYTES, "a Cloud API answer"));
    }
}

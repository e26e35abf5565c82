package io.hsmgateway.callbacks;

import io.hsmgateway.http.AnswerBodyCap;
import io.hsmgateway.pipeline.media.ProbeDeadline;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;

/**
 * The callbacks' HttpClient, as camel-http builds it: one deadline for the whole POST, answer included (the media
 * probe's {@link ProbeDeadline}: HttpClient's own timeouts bound each read, so a receiver trickling its answer would
 * hold a sender as long as it liked), and at most {@value #MAX_ANSWER_BYTES} bytes of the answer's body read.
 */
public class CallbackHttpClient implements HttpClientConfigurer {

    static final int MAX_ANSWER_BYTES = 4096;

    private final ProbeDeadline deadline;

    public CallbackHttpClient(ProbeDeadline deadline) {
        this.deadline = deadline;
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        deadline.configureHttpClient(builder);
        // next to it: the cap reads within the deadline, and what it counts is the answer as decompressed
        builder.addExecInterceptorAfter(ProbeDeadline.NAME, "callback-answer-cap", AnswerBodyCap.truncating(MAX_ANSWER_BYTES));
    }
}

package io.hsmgateway.pipeline.media;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One deadline for a whole media probe, every redirect and every read included. HttpClient's own timeouts
 * bound each connect and each read, so a host that trickles its answer a line at a time holds a probe as long
 * as it likes. Installed first in the probe client's execution chain (camel-http's {@code httpClientConfigurer}),
 * it cancels the request when the deadline passes, which closes its connection at once.
 */
public class ProbeDeadline implements HttpClientConfigurer, ExecChainHandler {

    /** Its name in HttpClient's execution chain: others may place themselves around it. */
    public static final String NAME = "probe-deadline";

    private final Duration deadline;
    private final ScheduledExecutorService clock;

    public ProbeDeadline(Duration deadline, ScheduledExecutorService clock) {
        this.deadline = deadline;
        this.clock = clock;
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.addExecInterceptorFirst(NAME, this);
    }

    @Override
    public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        AtomicBoolean passed = new AtomicBoolean();
        ScheduledFuture<?> timer = clock.schedule(() -> {
            passed.set(true);
            cancel(scope);
        }, deadline.toMillis(), TimeUnit.MILLISECONDS);
        try {
            return chain.proceed(request, scope);
        } catch (IOException | HttpException | RuntimeException e) {
            if (passed.get()) {
                throw new Exceeded(deadline, e);
            }
            throw e;
        } finally {
            timer.cancel(false);
        }
    }

    /** The request as camel-http made it can be cancelled (HttpClient's own abort); anything else loses its connection. */
    private static void cancel(ExecChain.Scope scope) {
        if (scope.originalRequest instanceof Cancellable cancellable) {
            cancellable.cancel();
        } else {
            scope.execRuntime.discardEndpoint();
        }
    }

    /** The probe was cut at its deadline (whatever the cut connection then threw is the cause). */
    public static class Exceeded extends SocketTimeoutException {
        Exceeded(Duration deadline, Exception cut) {
            super("No complete answer within " + deadline.toMillis() + " ms");
            initCause(cut);
        }
    }
}

package io.hsmgateway.support;

import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A WireMock extension that holds every answer until the test releases them: "the caller was answered while
 * WhatsApp still held its call" is then a fact the test can check, not a race against a fixed delay. Each answer
 * goes out by itself after {@code atMost}, so a gateway that waits for it fails the test rather than hangs it.
 */
public final class HeldAnswers implements ServeEventListener {

    private final Duration atMost;
    private final CountDownLatch released = new CountDownLatch(1);
    private final AtomicInteger holding = new AtomicInteger();

    public HeldAnswers(Duration atMost) {
        this.atMost = atMost;
    }

    @Override
    public void beforeResponseSent(ServeEvent serveEvent, Parameters parameters) {
        holding.incrementAndGet();
        try {
            released.await(atMost.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            holding.decrementAndGet();
        }
    }

    /** Calls received and not yet answered. */
    public int holding() {
        return holding.get();
    }

    /** Lets every held answer, and every later one, go out. */
    public void release() {
        released.countDown();
    }

    @Override
    public boolean applyGlobally() {
        return true;
    }

    @Override
    public String getName() {
        return "held-answers";
    }
}

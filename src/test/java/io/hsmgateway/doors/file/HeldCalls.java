package io.hsmgateway.doors.file;

import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A WireMock extension that holds the answers to the calls a test picks (by request body) until it lets them go,
 * and counts how many it holds at once: "the gateway had several calls out at the same time" is then a fact the
 * test can read, not a race against a fixed delay. Each answer goes out by itself after {@code atMost}, so a
 * gateway that waits for it fails the test rather than hangs it. {@link #hold} may be called again for the next
 * scenario.
 */
final class HeldCalls implements ServeEventListener {

    private final Duration atMost;
    private volatile Predicate<String> held = body -> false;
    private volatile CountDownLatch released = new CountDownLatch(0);
    private final AtomicInteger holding = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();

    HeldCalls(Duration atMost) {
        this.atMost = atMost;
    }

    /** From now on, holds the answer to every call whose body matches, until {@link #release}. */
    void hold(Predicate<String> bodyMatches) {
        released = new CountDownLatch(1);
        mostAtOnce.set(0);
        held = bodyMatches;
    }

    /** Lets every held answer, and every later one, go out. */
    void release() {
        held = body -> false;
        released.countDown();
    }

    /** Calls received and not yet answered. */
    int holding() {
        return holding.get();
    }

    /** The most calls held at the same time since {@link #hold}. */
    int mostAtOnce() {
        return mostAtOnce.get();
    }

    @Override
    public void beforeResponseSent(ServeEvent serveEvent, Parameters parameters) {
        if (!held.test(serveEvent.getRequest().getBodyAsString())) {
            return;
        }
        CountDownLatch gate = released; // read after the predicate: hold() sets the gate first
        mostAtOnce.accumulateAndGet(holding.incrementAndGet(), Math::max);
        try {
            gate.await(atMost.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            holding.decrementAndGet();
        }
    }

    @Override
    public boolean applyGlobally() {
        return true;
    }

    @Override
    public String getName() {
        return "held-calls";
    }
}

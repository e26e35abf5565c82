package io.hsmgateway.doors.file;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.hsmgateway.doors.FailureReason;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.spi.ExceptionHandler;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the SFTP door logs when its consumer fails ({@code exceptionHandler}: a poll, or moving a file once done),
 * and when it works again ({@code pollStrategy}: a poll that succeeded). A refused login or host key fails every poll
 * (the door's health check is DOWN meanwhile, with the reason), and Camel's default handler would log it with its
 * stack trace every {@code hsm.sftp.poll-delay-ms}. This logs each reason once an hour while an outage lasts, one WARN
 * line (the stack trace at DEBUG); the first failure of every outage is logged, however soon after the last one it
 * comes; and the first good poll after an outage says, in one INFO line, that the door recovered and since when it
 * had failed.
 */
public class PollFailureLog implements ExceptionHandler, PollingConsumerPollStrategy {

    private static final Logger LOG = LoggerFactory.getLogger(PollFailureLog.class);

    private final Cache<String, Boolean> logged = Caffeine.newBuilder()
            .maximumSize(1_000).expireAfterWrite(Duration.ofHours(1)).build();
    /** The outage under way (its first reason and when it began), or null while the door works. */
    private final AtomicReference<Outage> outage = new AtomicReference<>();

    private record Outage(String reason, Instant since) {
    }

    @Override
    public void handleException(Throwable exception) {
        handleException(null, null, exception);
    }

    @Override
    public void handleException(String message, Throwable exception) {
        handleException(message, null, exception);
    }

    @Override
    public void handleException(String message, Exchange exchange, Throwable exception) {
        String reason = FailureReason.of(exception);
        boolean newOutage = outage.compareAndSet(null, new Outage(reason, Instant.now()));
        if (newOutage) {
            logged.invalidateAll();   // what an earlier outage logged says nothing about this one
        }
        if (logged.asMap().putIfAbsent(reason, true) == null) {
            LOG.warn("Door failure, logged once an hour while it lasts (a failed poll also shows in health, "
                    + "DOWN until a poll succeeds): {}", reason);
        }
        LOG.debug("{}", message, exception);
    }

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        return true;
    }

    /** A poll that succeeded: an outage under way is over. */
    @Override
    public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        Outage ended = outage.getAndSet(null);
        if (ended != null) {
            LOG.info("Door recovered: a poll succeeded again, after failing since {} ({})", ended.since(), ended.reason());
        }
    }

    /** A failed poll: not retried at once; Camel hands the failure to {@link #handleException}. */
    @Override
    public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) {
        return false;
    }
}

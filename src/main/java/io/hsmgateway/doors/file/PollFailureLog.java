package io.hsmgateway.doors.file;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.hsmgateway.doors.FailureReason;
import org.apache.camel.Exchange;
import org.apache.camel.spi.ExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * What the SFTP door logs when its consumer fails ({@code exceptionHandler}: a poll, or moving a file once done).
 * A refused login or host key fails every poll (the door's health check is DOWN meanwhile, with the reason), and
 * Camel's default handler would log it with its stack trace every {@code hsm.sftp.poll-delay-ms}. This logs each
 * reason once an hour, one WARN line; the stack trace is at DEBUG.
 */
public class PollFailureLog implements ExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(PollFailureLog.class);

    private final Cache<String, Boolean> logged = Caffeine.newBuilder()
            .maximumSize(1_000).expireAfterWrite(Duration.ofHours(1)).build();

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
        if (logged.asMap().putIfAbsent(reason, true) == null) {
            LOG.warn("Door failure, logged once an hour while it lasts (a failed poll also shows in health, "
                    + "DOWN until a poll succeeds): {}", reason);
        }
        LOG.debug("{}", message, exception);
    }
}

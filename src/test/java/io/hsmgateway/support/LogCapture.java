package io.hsmgateway.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the gateway logs while it is open (the gateway runs in the test's JVM), messages and stack traces, for tests
 * that assert what is said, or never said, in the log: every logger ({@link #start()}, {@link #everythingAtTrace()}),
 * or only some ({@link #of(Class[])}, {@link #ofLoggers(String...)}). Read it at any time, also after closing it.
 */
public final class LogCapture implements AutoCloseable {

    private final List<Logger> loggers;
    private final Level level;
    private final List<Level> levelsBefore;
    /** Each event's MDC, thread and message are taken as it is logged: read later, they would be the reader's. */
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>() {
        @Override
        protected void append(ILoggingEvent event) {
            event.prepareForDeferredProcessing();
            super.append(event);
        }
    };

    private LogCapture(List<String> loggerNames, Level level) {
        this.loggers = loggerNames.stream().map(name -> (Logger) LoggerFactory.getLogger(name)).toList();
        this.level = level;
        this.levelsBefore = loggers.stream().map(Logger::getLevel).toList();
        appender.setContext(loggers.get(0).getLoggerContext());
        appender.start();
        for (Logger logger : loggers) {
            logger.addAppender(appender);
            if (level != null) {
                logger.setLevel(level);
            }
        }
    }

    /** Every logger, at the configured levels. */
    public static LogCapture start() {
        return new LogCapture(List.of(org.slf4j.Logger.ROOT_LOGGER_NAME), null);
    }

    /** Every logger at every level, TRACE included (the levels are put back on close). */
    public static LogCapture everythingAtTrace() {
        return new LogCapture(List.of(org.slf4j.Logger.ROOT_LOGGER_NAME), Level.TRACE);
    }

    /** What these classes log, at the configured levels. */
    public static LogCapture of(Class<?>... sources) {
        return new LogCapture(Arrays.stream(sources).map(Class::getName).toList(), null);
    }

    /** What the loggers of these names log (a library's, say), at the configured levels. */
    public static LogCapture ofLoggers(String... names) {
        return new LogCapture(List.of(names), null);
    }

    /** Every event so far, in the order they were logged (with their thread and MDC). */
    public List<ILoggingEvent> events() {
        synchronized (appender) { // appends happen under the appender's lock
            return new ArrayList<>(appender.list);
        }
    }

    /** Every event so far as "LEVEL message". */
    public List<String> lines() {
        return events().stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
    }

    /** Every event so far as "LEVEL logger - message", each followed by its stack trace, if any. */
    public String text() {
        StringBuilder text = new StringBuilder();
        for (ILoggingEvent event : events()) {
            text.append(event.getLevel()).append(' ').append(event.getLoggerName()).append(" - ")
                    .append(event.getFormattedMessage()).append('\n');
            if (event.getThrowableProxy() != null) {
                text.append(ThrowableProxyUtil.asString(event.getThrowableProxy())).append('\n');
            }
        }
        return text.toString();
    }

    /** Stops capturing: a thread still stopping may log on, a stopped appender ignores it. */
    @Override
    public void close() {
        for (int i = 0; i < loggers.size(); i++) {
            loggers.get(i).detachAppender(appender);
            if (level != null) {
                loggers.get(i).setLevel(levelsBefore.get(i));
            }
        }
        appender.stop();
    }
}

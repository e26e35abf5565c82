package io.hsmgateway.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * One logger at DEBUG while a test needs what a library says only there (a poll's cause, say); the level it had
 * is put back on close. Pair it with {@link LogCapture} to read the lines.
 */
public final class DebugLogging implements AutoCloseable {

    private final Logger logger;
    private final Level before;

    private DebugLogging(Class<?> source) {
        logger = (Logger) LoggerFactory.getLogger(source);
        before = logger.getLevel();
        logger.setLevel(Level.DEBUG);
    }

    public static DebugLogging of(Class<?> source) {
        return new DebugLogging(source);
    }

    @Override
    public void close() {
        logger.setLevel(before);
    }
}

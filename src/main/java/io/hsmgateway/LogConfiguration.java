package io.hsmgateway;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import io.hsmgateway.doors.rabbitmq.RabbitMqConsumerRetryLog;
import io.hsmgateway.logging.LogMasking;
import io.hsmgateway.logging.MaskedConverter;
import io.hsmgateway.logging.NotificationLogContext;
import org.slf4j.Logger;

import java.util.Map;

/**
 * The gateway's logging, set up in code when Logback starts (found through {@code META-INF/services}), where a
 * {@code logback.xml} would otherwise be read: Logback's XML reader took about a tenth of a second of every start and
 * loaded some 300 classes of its own. An operator's own file still wins: with {@code -Dlogback.configurationFile}
 * set, this configurator steps aside and Logback reads that file as usual. It stands beside {@link Application}: like
 * it, it puts together pieces from every floor (the masking of {@code logging/}, a door's filter).
 */
public final class LogConfiguration extends ContextAwareBase implements Configurator {

    /**
     * One line per event, on the console. {@code %masked}: no credential, phone number or template parameter reaches
     * the log, at any level ({@link LogMasking}). {@code [n:<id>]}: the notification the line was logged for (MDC,
     * {@link NotificationLogContext}), only when there is one.
     */
    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %replace([n:%X{" + NotificationLogContext.MDC_KEY
            + "}] ){'\\[n:\\] ', ''}%logger{30} - %masked(%msg%n%ex)";

    /** Loggers held at a level of their own, whatever the root's, and why. */
    private static final Map<String, Level> LEVELS = Map.of(
            "com.zaxxer.hikari", Level.WARN,
            "org.flywaydb", Level.WARN,
            "io.vertx", Level.WARN,
            // Artemis audit logs every message with its properties (a JMS door apikey among them) at INFO
            "org.apache.activemq.audit", Level.WARN,
            // whole request and response bodies of every HTTP call (Cloud API payloads, media hosts): never logged
            "org.apache.hc.client5.http.wire", Level.INFO,
            // every SQL parameter value at TRACE (access tokens among them)
            "org.springframework.jdbc.core.StatementCreatorUtils", Level.DEBUG,
            // "Trying to recover by force disconnecting" at every failed SFTP poll: PollFailureLog reports the failure
            "org.apache.camel.component.file.remote.RemoteFilePollingConsumerPollStrategy", Level.ERROR);

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        // the RabbitMQ listener container's ERROR with stack trace every 5 s while the broker is away at start-up:
        // said once by the RabbitMQ door instead (a WARN, and its readiness check DOWN)
        RabbitMqConsumerRetryLog retries = new RabbitMqConsumerRetryLog();
        retries.setContext(context);
        retries.start();
        context.addTurboFilter(retries);

        PatternLayout layout = new PatternLayout();
        layout.getInstanceConverterMap().put("masked", MaskedConverter::new);
        layout.setPattern(PATTERN);
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setLayout(layout);
        encoder.setContext(context);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setName("CONSOLE");
        console.setEncoder(encoder);
        console.setContext(context);
        console.start();

        LEVELS.forEach((name, level) -> context.getLogger(name).setLevel(level));
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(rootLevel(), Level.INFO));
        root.addAppender(console);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** {@code HSM_LOG_LEVEL}, as a system property or in the environment; INFO when unset or not a level. */
    private static String rootLevel() {
        String level = System.getProperty("HSM_LOG_LEVEL");
        return level != null ? level : System.getenv("HSM_LOG_LEVEL");
    }
}

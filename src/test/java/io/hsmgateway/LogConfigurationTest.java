package io.hsmgateway;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.status.Status;
import io.hsmgateway.logging.NotificationLogContext;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The gateway's logging as Logback starts it, without logback.xml, and an operator's own file taking its place. */
class LogConfigurationTest {

    @Test
    void logbackFindsItAsAServiceAndTheGatewaysLoggingIsOn() {
        LoggerContext running = (LoggerContext) LoggerFactory.getILoggerFactory();
        assertThat(running.getStatusManager().getCopyOfStatusList()).map(Status::getMessage)
                .as("Logback's own account of how it was configured")
                .anyMatch(message -> message.contains(LogConfiguration.class.getName())
                        && message.contains("DO_NOT_INVOKE_NEXT_IF_ANY"));
        assertThat(LogConfigurationTest.class.getResource("/logback.xml")).as("no XML left to read").isNull();
        assertThat(running.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("CONSOLE"))
                .as("the console appender LogConfiguration adds").isNotNull();
        assertThat(running.getLogger("org.apache.activemq.audit").getLevel()).isEqualTo(Level.WARN);
    }

    @Test
    void eachLineIsMaskedAndNamesItsNotification() {
        LoggerContext context = new LoggerContext();
        assertThat(configure(context)).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        ch.qos.logback.classic.Logger logger = context.getLogger("io.hsmgateway.pipeline.SendProcessor");

        String withNotification = line(context, logger, "sent with Authorization: Bearer EAAGm0PX4ZCpsBAKZ",
                Map.of(NotificationLogContext.MDC_KEY, "n-42"));
        assertThat(withNotification).contains("[n:n-42] ").contains("INFO ").doesNotContain("EAAGm0PX4ZCpsBAKZ")
                .endsWith(System.lineSeparator());
        assertThat(line(context, logger, "TypedProperties[websiteId=shop, apikey=my-own-key-42]", Map.of()))
                .doesNotContain("[n:").doesNotContain("my-own-key-42");

        assertThat(context.getLogger("org.springframework.jdbc.core.StatementCreatorUtils").getLevel())
                .as("SQL parameter values (access tokens) are never traced").isEqualTo(Level.DEBUG);
        assertThat(context.getLogger("org.apache.hc.client5.http.wire").getLevel()).isEqualTo(Level.INFO);
        assertThat(context.getTurboFilterList()).as("the RabbitMQ retry filter").hasSize(1);
    }

    @Test
    void anOperatorsOwnConfigurationFileIsLeftToLogback() {
        LoggerContext context = new LoggerContext();
        System.setProperty("logback.configurationFile", "/etc/hsm/logback.xml");
        try {
            assertThat(configure(context)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
        } finally {
            System.clearProperty("logback.configurationFile");
        }
        assertThat(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext()).isFalse();
    }

    private static ExecutionStatus configure(LoggerContext context) {
        LogConfiguration configuration = new LogConfiguration();
        configuration.setContext(context);
        return configuration.configure(context);
    }

    @SuppressWarnings("unchecked")
    private static String line(LoggerContext context, ch.qos.logback.classic.Logger logger, String message,
                               Map<String, String> mdc) {
        LoggingEvent event = new LoggingEvent(LogConfigurationTest.class.getName(), logger, Level.INFO, message, null, null);
        event.setMDCPropertyMap(mdc);
        ConsoleAppender<ILoggingEvent> console = (ConsoleAppender<ILoggingEvent>)
                context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("CONSOLE");
        return ((LayoutWrappingEncoder<ILoggingEvent>) console.getEncoder()).getLayout().doLayout(event);
    }
}

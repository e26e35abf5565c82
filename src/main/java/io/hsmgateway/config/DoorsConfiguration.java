package io.hsmgateway.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hsmgateway.api.CredentialsInQueryRefusal;
import io.hsmgateway.api.PayloadTooLargeAnswer;
import io.hsmgateway.doors.AnswerDeadline;
import io.hsmgateway.doors.RestDoor;
import io.hsmgateway.pipeline.NotificationSink;
import io.hsmgateway.pipeline.outcome.ResponseWriter;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/**
 * The HTTP server the REST door (and the admin API, webhook doors) answer on, and the REST door. The YAML doors
 * under routes/ are loaded by camel-main (camel.main.routes-include-pattern); their beans come from
 * {@code JmsDoorConfiguration} and {@code FileDoorConfiguration}.
 */
public class DoorsConfiguration implements CamelConfiguration {

    @BeanInject
    private GatewaySettings settings;
    @BeanInject
    private ObjectMapper json;

    @BindToRegistry(AnswerDeadline.BEAN_NAME)
    public AnswerDeadline answerDeadline(@BeanInject GatewaySettings settings, @BeanInject NotificationSink sink,
                                         @BeanInject ResponseWriter responses, CamelContext context) {
        AnswerDeadline deadline = new AnswerDeadline(sink, settings.restAnswerWithinMs(), responses);
        // SIGTERM: callers still waiting near the end of the drain get IN_PROGRESS while the server can answer
        context.addLifecycleStrategy(deadline.answerBeforeTheShutdownDrainEnds());
        return deadline;
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        HttpPorts.configure(context, settings);
        PayloadTooLargeAnswer.install(context, json);
        CredentialsInQueryRefusal.install(context, json);
        context.addRoutes(new RestDoor());
    }
}

package io.hsmgateway.doors;

import io.hsmgateway.config.GatewaySettings;
import io.hsmgateway.pipeline.NotificationSink;
import io.hsmgateway.pipeline.outcome.ResponseWriter;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/** The REST door and the deadline its callers are answered by. */
public class RestDoorConfiguration implements CamelConfiguration {

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
        context.addRoutes(new RestDoor());
    }
}

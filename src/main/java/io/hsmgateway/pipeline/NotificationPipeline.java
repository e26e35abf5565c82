package io.hsmgateway.pipeline;

import io.hsmgateway.Hsm;
import io.hsmgateway.api.RequestBodyDecoder;
import io.hsmgateway.auth.CallerAuthentication;
import io.hsmgateway.logging.NotificationLogContext;
import io.hsmgateway.pipeline.delivery.HandOvers;
import io.hsmgateway.pipeline.delivery.InlineRetries;
import io.hsmgateway.pipeline.delivery.ThroughputLimits;
import io.hsmgateway.pipeline.media.MediaProbe;
import io.hsmgateway.pipeline.outcome.NotificationRecords;
import io.hsmgateway.pipeline.outcome.Outcome;
import io.hsmgateway.pipeline.outcome.ResponseWriter;
import io.hsmgateway.pipeline.whatsapp.CloudApiClient;
import io.hsmgateway.pipeline.whatsapp.CloudApiReplies;
import io.hsmgateway.pipeline.whatsapp.ProviderException;
import io.hsmgateway.pipeline.whatsapp.TemplateMessages;
import io.hsmgateway.templates.TemplateType;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.Predicate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.http.HttpMethods;

import java.io.IOException;

import static org.apache.camel.builder.PredicateBuilder.and;

/**
 * The one pipeline every door hands its events to, through {@link NotificationSink} (the
 * {@code hsm-notify-sink} kamelet): nothing else calls its routes. Entry contract: the body is the request JSON
 * ({templateId, destination, params, media?}); properties {@link Hsm#WEBSITE_ID}, {@link Hsm#CHANNEL}, and
 * {@link Hsm#API_KEY} (or {@link Hsm#WEBSITE_GRANTED}); optionally {@link Hsm#IDEMPOTENCY_KEY},
 * {@link Hsm#CLIENT_ADDRESS} and {@link Hsm#DOOR_RECEIPT}. Exit: the body is the response envelope's JSON, {@link Hsm#RESPONSE} the envelope.
 * Each step is a route of its own, named after it; its beans are looked up by name.
 */
public class NotificationPipeline extends RouteBuilder {

    /** A new notification. */
    public static final String ENTRY = "direct:notify";
    /** A queued notification, restored by the retry worker: its Cloud API call is tried again. */
    public static final String RESUME = "direct:notify-resume";
    /**
     * Where the pipeline says WhatsApp answered 132001 (its template does not exist): property {@link Hsm#WEBSITE_ID}.
     * The template sync listens here and returns at once.
     */
    public static final String TEMPLATE_GONE = "direct:notify-template-gone";

    public static final String ROUTE_ID = "notify";
    public static final String RESUME_ROUTE_ID = "notify-resume";
    public static final String AUTHENTICATE = "notify-authenticate";
    public static final String DEDUPLICATE = "notify-deduplicate";
    public static final String VALIDATE = "notify-validate";
    public static final String FIND_TEMPLATE = "notify-find-template";
    public static final String PROBE_MEDIA = "notify-probe-media";
    public static final String BUILD_MESSAGE = "notify-build-message";
    public static final String DELIVER = "notify-deliver";
    public static final String ATTEMPT = "notify-attempt";
    public static final String THROTTLE = "notify-throttle";
    public static final String RECORD_OUTCOME = "notify-record-outcome";
    public static final String ANSWER = "notify-answer";

    /** The pipeline's last steps, also where the error handler finishes a notification that failed. */
    static final String RECORD_OUTCOME_ENDPOINT = "direct:" + RECORD_OUTCOME;
    static final String ANSWER_ENDPOINT = "direct:" + ANSWER;

    public static final String REQUEST_SCHEMA = "json-validator:schemas/notification-request.schema.json";
    /**
     * The Cloud API; in sandbox mode hsm.whatsapp.base-url is the built-in sandbox's address. Its client never resends
     * on its own and reads a bounded answer ({@link CloudApiClient}).
     */
    static final String CLOUD_API = "{{hsm.whatsapp.base-url}}?throwExceptionOnFailure=false"
            + "&maxTotalConnections={{hsm.whatsapp.max-connections}}&connectionsPerRoute={{hsm.whatsapp.max-connections}}"
            + "&connectTimeout={{hsm.whatsapp.connect-timeout-ms}}&connectionRequestTimeout={{hsm.whatsapp.connect-timeout-ms}}"
            + "&responseTimeout={{hsm.whatsapp.response-timeout-ms}}&soTimeout={{hsm.whatsapp.response-timeout-ms}}"
            + "&httpClientConfigurer=#" + CloudApiClient.NAME;

    @Override
    public void configure() {
        // the request is kept aside as the door handed it (its dead letter) and as text: the steps use the body
        // for their own SQL parameters
        from(ENTRY).routeId(ROUTE_ID)
                .setProperty(Hsm.NOTIFICATION_ID, BeanResult.of(NotificationIds.class, "assign"))
                // every line logged for the notification from here on carries its id
                .process(NotificationLogContext.ENTER)
                .setProperty(Hsm.REQUEST_BODY, body())
                .setProperty(Hsm.REQUEST_JSON, BeanResult.of(RequestBodyDecoder.class, "text"))
                .bean(RequestSizeLimit.BEAN_NAME, "check")
                .to(direct(AUTHENTICATE))
                .to(direct(DEDUPLICATE))
                .to(direct(VALIDATE))
                .to(direct(FIND_TEMPLATE))
                .to(direct(PROBE_MEDIA))
                .to(direct(BUILD_MESSAGE))
                .to(direct(DELIVER))
                .to(direct(RECORD_OUTCOME))
                .to(direct(ANSWER));

        from(RESUME).routeId(RESUME_ROUTE_ID)
                .process(NotificationLogContext.ENTER)
                .to(direct(ATTEMPT))
                .to(direct(RECORD_OUTCOME))
                .to(direct(ANSWER));

        // callers over HTTP (a client address) are also held to requests per second per proven key; a refusal
        // comes before the caller counts as authenticated, so nothing is recorded for it
        from(direct(AUTHENTICATE)).routeId(AUTHENTICATE)
                .to(CallerAuthentication.ENDPOINT)
                .filter(BeanResult.of(ThroughputLimits.BEAN_NAME, "keyLimited"))
                    .bean(ThroughputLimits.BEAN_NAME, "admitKey")
                .end()
                .removeProperty(Hsm.API_KEY)
                .setProperty(Hsm.AUTHENTICATED, constant(true));

        // a repeated idempotency key gets the first answer again, and nothing is sent
        from(direct(DEDUPLICATE)).routeId(DEDUPLICATE)
                .filter(exchangeProperty(Hsm.IDEMPOTENCY_KEY).isNotNull())
                    .setBody(BeanResult.of(IdempotencyKeys.BEAN_NAME, "claim"))
                    .filter(body().isNotNull())
                        .bean(ResponseWriter.BEAN_NAME, "writeStored")
                        // a failure answered again (a JMS message redelivered after a rollback) is dead-lettered again
                        .bean(DeadLetterEvents.BEAN_NAME, "publish")
                        .stop();

        from(direct(VALIDATE)).routeId(VALIDATE)
                .setBody(exchangeProperty(Hsm.REQUEST_JSON))
                .to(REQUEST_SCHEMA)
                .setProperty(Hsm.REQUEST, BeanResult.of(NotificationRequestReader.BEAN_NAME, "read"));

        // the template and its website's delivery target, briefly cached (WebsiteLookups); the request checked against it
        from(direct(FIND_TEMPLATE)).routeId(FIND_TEMPLATE)
                .setProperty(Hsm.TEMPLATE, BeanResult.of(TemplateMatcher.BEAN_NAME, "match"));

        from(direct(PROBE_MEDIA)).routeId(PROBE_MEDIA)
                .filter(templateHasMedia())
                    .setProperty(Hsm.MEDIA, BeanResult.of(MediaProbe.BEAN_NAME, "probe"));

        // the header's format chooses the branch, and nothing else: every other component is built from the template's slots
        from(direct(BUILD_MESSAGE)).routeId(BUILD_MESSAGE)
                .choice()
                    .when(templateTypeIs(TemplateType.TEXT)).setProperty(Hsm.MESSAGE, BeanResult.of(TemplateMessages.BEAN_NAME, "text"))
                    .when(templateTypeIs(TemplateType.IMAGE)).setProperty(Hsm.MESSAGE, BeanResult.of(TemplateMessages.BEAN_NAME, "image"))
                    .when(templateTypeIs(TemplateType.VIDEO)).setProperty(Hsm.MESSAGE, BeanResult.of(TemplateMessages.BEAN_NAME, "video"))
                    .when(templateTypeIs(TemplateType.DOCUMENT)).setProperty(Hsm.MESSAGE, BeanResult.of(TemplateMessages.BEAN_NAME, "document"))
                    .when(templateTypeIs(TemplateType.LOCATION)).setProperty(Hsm.MESSAGE, BeanResult.of(TemplateMessages.BEAN_NAME, "location"))
                .end();

        // A paused website's notification is held (queued) before anything else happens to it.
        from(direct(DELIVER)).routeId(DELIVER)
                .setProperty(Hsm.TARGET, BeanResult.of(TemplateMatcher.BEAN_NAME, "target"))
                .setProperty(Hsm.PAYLOAD_JSON, BeanResult.of(CloudApiReplies.BEAN_NAME, "payloadJson"))
                .bean(CloudApiReplies.BEAN_NAME, "checkNotPaused")
                .to(direct(ATTEMPT));

        // The Cloud API call; also what a resumed (queued) notification runs. A transient failure is tried again
        // here, briefly, while the caller waits (InlineRetries); what still fails is queued. The row says the call
        // began only once it has (HandOvers): after the throttle, never while waiting for it or for an in-line retry.
        from(direct(ATTEMPT)).routeId(ATTEMPT)
                .bean(ThroughputLimits.BEAN_NAME, "checkPair")
                .loopDoWhile(noOutcomeYet())
                    .filter(BeanResult.of(ThroughputLimits.BEAN_NAME, "numberLimited"))
                        .to(direct(THROTTLE))
                    .end()
                    .bean(HandOvers.BEAN_NAME, "calling")
                    .removeHeaders("*")
                    .setHeader(Exchange.HTTP_METHOD, constant(HttpMethods.POST))
                    .setHeader(Exchange.HTTP_PATH, BeanResult.of(CloudApiReplies.BEAN_NAME, "messagesPath"))
                    .setHeader("Authorization", BeanResult.of(CloudApiReplies.BEAN_NAME, "authorization"))
                    .setHeader(Exchange.CONTENT_TYPE, constant("application/json"))
                    .setBody(exchangeProperty(Hsm.PAYLOAD_JSON))
                    .bean(InlineRetries.BEAN_NAME, "calling")
                    .bean(PipelineMeters.BEAN_NAME, "cloudApiCalling")
                    .doTry()
                        .to(CLOUD_API)
                        .setBody(BeanResult.of(CloudApiReplies.BEAN_NAME, "accepted"))
                        .setProperty(Hsm.OUTCOME, BeanResult.of(Outcome.class, "accepted"))
                        .bean(PipelineMeters.BEAN_NAME, "cloudApiAccepted")
                    .doCatch(ProviderException.class, IOException.class)
                        .bean(PipelineMeters.BEAN_NAME, "cloudApiFailed")
                        // the failure goes on to the error handler unless it is worth another call now
                        .bean(InlineRetries.BEAN_NAME, "retryNowOrThrow")
                        .bean(HandOvers.BEAN_NAME, "waiting")
                        .delay(exchangeProperty(InlineRetries.DELAY_MS)).syncDelayed()
                    .end()
                .end()
                .removeHeader("Authorization");

        // WhatsApp caps messages per second per phone number: wait here rather than collect 130429s. The turn is taken
        // from the number's bucket, shared by every node (RateLimits); the wait is on this thread, as Camel's
        // synchronous throttle waited before: a notification runs on one thread from entry to answer
        from(direct(THROTTLE)).routeId(THROTTLE)
                .bean(PipelineMeters.BEAN_NAME, "throttleEntered")
                .bean(ThroughputLimits.BEAN_NAME, "awaitNumber")
                .bean(PipelineMeters.BEAN_NAME, "throttleLeft");

        // Never throws: the outcome already happened (a sent message stays SUCCESS); a lost record is logged.
        from(direct(RECORD_OUTCOME)).routeId(RECORD_OUTCOME)
                .filter(and(exchangeProperty(Hsm.AUTHENTICATED).isEqualTo(true), exchangeProperty(Hsm.NOTIFICATION_ID).isNotNull(),
                        exchangeProperty(Hsm.TAKEN_OVER).isNull()))
                    .doTry()
                        // with its idempotency key's answer and the door's receipt: one commit
                        .bean(OutcomeWrites.BEAN_NAME, "record")
                        .setProperty(Hsm.RECORDED, constant(true))
                        .filter(outcome(Outcome::deadLetter))
                            .setBody(BeanResult.of(NotificationRecords.BEAN_NAME, "deadLetter"))
                            .to(sql("insert-dead-letter.sql", null))
                            .bean(PipelineMeters.BEAN_NAME, "deadLetter")
                        .end()
                        .filter(outcome(outcome -> outcome.pauseWebsiteUntil() != null))
                            .setBody(BeanResult.of(NotificationRecords.BEAN_NAME, "websitePause"))
                            .to(sql("pause-website.sql", null))
                            // this node's next notification for the website must see the pause
                            .bean(WebsiteLookups.BEAN_NAME, "websitePaused")
                        .end()
                        // WhatsApp no longer has the template (132001): said to who syncs the website's templates
                        .filter(outcome(Outcome::templateGone))
                            .to(TEMPLATE_GONE)
                        .endDoTry()
                    .doCatch(Exception.class)
                        .log(LoggingLevel.ERROR, "Could not record the outcome of notification ${exchangeProperty."
                                + Hsm.NOTIFICATION_ID + "}: ${exception.message}")
                    .end();

        // the envelope for the caller (counted: hsm_notifications_total), as stored for a repeated idempotency key
        // with the outcome; a dead letter published
        from(direct(ANSWER)).routeId(ANSWER)
                .bean(ResponseWriter.BEAN_NAME, "write")
                .bean(PipelineMeters.BEAN_NAME, "answered")
                .bean(DeadLetterEvents.BEAN_NAME, "publish");
    }

    static String sql(String file, String options) {
        return "sql:classpath:sql/" + file + (options == null ? "" : "?" + options);
    }

    private static String direct(String routeId) {
        return "direct:" + routeId;
    }

    // Tests of the template and the outcome in plain Java, run on every notification: Simple's method calls on
    // them (OGNL) look bean information up by the object itself, hashing the whole record.

    private static Predicate templateHasMedia() {
        return exchange -> exchange.getProperty(Hsm.TEMPLATE, Template.class).type().hasMedia();
    }

    private static Predicate templateTypeIs(TemplateType type) {
        return exchange -> exchange.getProperty(Hsm.TEMPLATE, Template.class).type() == type;
    }

    /** Camel's {@code isNull()} would describe the outcome (its toString) at every evaluation. */
    private static Predicate noOutcomeYet() {
        return exchange -> exchange.getProperty(Hsm.OUTCOME) == null;
    }

    private static Predicate outcome(java.util.function.Predicate<Outcome> test) {
        return exchange -> test.test(exchange.getProperty(Hsm.OUTCOME, Outcome.class));
    }
}

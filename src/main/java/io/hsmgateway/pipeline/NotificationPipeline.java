package io.hsmgateway.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hsmgateway.Hsm;
import io.hsmgateway.api.ApiResponse;
import io.hsmgateway.api.RequestBodyDecoder;
import io.hsmgateway.config.GatewaySettings;
import io.hsmgateway.delivery.InlineRetries;
import io.hsmgateway.delivery.ThroughputLimits;
import io.hsmgateway.pipeline.media.MediaProbe;
import io.hsmgateway.pipeline.outcome.NotificationRecords;
import io.hsmgateway.pipeline.outcome.Outcome;
import io.hsmgateway.pipeline.outcome.ResponseWriter;
import io.hsmgateway.pipeline.whatsapp.CloudApiReplies;
import io.hsmgateway.pipeline.whatsapp.ProviderException;
import io.hsmgateway.pipeline.whatsapp.TemplateMessages;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.Predicate;
import org.apache.camel.builder.RouteBuilder;

import static org.apache.camel.builder.PredicateBuilder.and;
import org.apache.camel.component.http.HttpMethods;

import java.io.IOException;
import java.util.UUID;

/**
 * The one pipeline every door hands its events to. Entry contract: the body is the request JSON
 * ({templateId, destination, params, media?}); properties {@link Hsm#WEBSITE_ID}, {@link Hsm#CHANNEL},
 * and {@link Hsm#API_KEY} (or {@link Hsm#WEBSITE_GRANTED}). Exit: the body is the response envelope's
 * JSON, {@link Hsm#RESPONSE} the envelope. Each step is a route of its own, named after it.
 */
public class NotificationPipeline extends RouteBuilder {

    public static final String ENTRY = "direct:notify";

    public static final String ROUTE_ID = "notify";
    public static final String AUTHENTICATE = "notify-authenticate";
    public static final String DEDUPLICATE = "notify-deduplicate";
    public static final String VALIDATE = "notify-validate";
    public static final String FIND_TEMPLATE = "notify-find-template";
    public static final String PROBE_MEDIA = "notify-probe-media";
    public static final String BUILD_MESSAGE = "notify-build-message";
    public static final String DELIVER = "notify-deliver";
    public static final String ATTEMPT = "notify-attempt";
    public static final String ATTEMPT_ENDPOINT = "direct:" + ATTEMPT;
    public static final String THROTTLE = "notify-throttle";
    public static final String RECORD_OUTCOME = "notify-record-outcome";
    public static final String RECORD_OUTCOME_ENDPOINT = "direct:" + RECORD_OUTCOME;
    public static final String REMEMBER_ANSWER = "notify-remember-answer";
    public static final String REMEMBER_ANSWER_ENDPOINT = "direct:" + REMEMBER_ANSWER;

    public static final String REQUEST_SCHEMA = "json-validator:schemas/notification-request.schema.json";

    private final GatewaySettings settings;
    private final ObjectMapper json;
    private final String cloudApiBaseUrl;
    private final ApiKeyAuthenticator authenticator;
    private final IdempotencyKeys idempotencyKeys;
    private final ThroughputLimits limits;
    private final InlineRetries inlineRetries;
    private final NotificationRequestReader requestReader;
    private final TemplateMatcher templateMatcher;
    private final MediaProbe mediaProbe;
    private final TemplateMessages messages;
    private final CloudApiReplies cloudApi;
    private final NotificationRecords records;
    private final ResponseWriter responses;

    public NotificationPipeline(GatewaySettings settings, ObjectMapper json, String cloudApiBaseUrl,
                                ApiKeyAuthenticator authenticator, IdempotencyKeys idempotencyKeys, ThroughputLimits limits,
                                InlineRetries inlineRetries, NotificationRequestReader requestReader, TemplateMatcher templateMatcher,
                                MediaProbe mediaProbe, TemplateMessages messages, CloudApiReplies cloudApi,
                                NotificationRecords records, ResponseWriter responses) {
        this.settings = settings;
        this.json = json;
        this.cloudApiBaseUrl = cloudApiBaseUrl;
        this.authenticator = authenticator;
        this.idempotencyKeys = idempotencyKeys;
        this.limits = limits;
        this.inlineRetries = inlineRetries;
        this.requestReader = requestReader;
        this.templateMatcher = templateMatcher;
        this.mediaProbe = mediaProbe;
        this.messages = messages;
        this.cloudApi = cloudApi;
        this.records = records;
        this.responses = responses;
    }

    @Override
    public void configure() {
        // the request JSON is kept aside: the steps use the body for their own SQL parameters
        from(ENTRY).routeId(ROUTE_ID)
                .process(e -> e.getProperties().putIfAbsent(Hsm.NOTIFICATION_ID, UUID.randomUUID().toString()))
                .setProperty(Hsm.REQUEST_JSON, method(RequestBodyDecoder.class, "text"))
                .bean(new RequestSizeLimit(settings.requestMaxBytes()), "check")
                .to(direct(AUTHENTICATE))
                .to(direct(DEDUPLICATE))
                .to(direct(VALIDATE))
                .to(direct(FIND_TEMPLATE))
                .to(direct(PROBE_MEDIA))
                .to(direct(BUILD_MESSAGE))
                .to(direct(DELIVER))
                .to(direct(RECORD_OUTCOME))
                .bean(responses, "write")
                .to(REMEMBER_ANSWER_ENDPOINT);

        // a door that grants the website (its drop folder) still names it: an unknown one is refused the same way;
        // a key the door already proved (the REST door's rate limit) is not looked up twice
        from(direct(AUTHENTICATE)).routeId(AUTHENTICATE)
                .filter(exchangeProperty(Hsm.AUTHENTICATED).isNotEqualTo(true))
                    .setBody(method(SqlParameters.class, "website"))
                    .choice()
                        .when(exchangeProperty(Hsm.WEBSITE_GRANTED).isEqualTo(true))
                            .to(sql("find-website.sql", "outputType=SelectOne&outputHeader=" + Hsm.WEBSITE_FOUND))
                            .bean(authenticator, "verifyGranted")
                            .removeHeader(Hsm.WEBSITE_FOUND)
                        .otherwise()
                            .to(sql("find-api-keys.sql", "outputHeader=" + Hsm.API_KEY_ROWS))
                            .bean(authenticator, "verify")
                            .removeHeader(Hsm.API_KEY_ROWS)
                    .end()
                .end()
                .removeProperty(Hsm.API_KEY)
                .setProperty(Hsm.AUTHENTICATED, constant(true));

        // a repeated idempotency key gets the first answer again, and nothing is sent
        from(direct(DEDUPLICATE)).routeId(DEDUPLICATE)
                .filter(exchangeProperty(Hsm.IDEMPOTENCY_KEY).isNotNull())
                    .setBody(method(idempotencyKeys, "claim"))
                    .filter(body().isNotNull())
                        .process(e -> responses.writeResponse(e,
                                json.readValue(e.getMessage().getBody(String.class), ApiResponse.class)))
                        .stop();

        from(REMEMBER_ANSWER_ENDPOINT).routeId(REMEMBER_ANSWER)
                .filter(exchangeProperty(Hsm.IDEMPOTENCY_CLAIMED).isEqualTo(true))
                    .bean(idempotencyKeys, "remember");

        from(direct(VALIDATE)).routeId(VALIDATE)
                .setBody(exchangeProperty(Hsm.REQUEST_JSON))
                .to(REQUEST_SCHEMA)
                .setProperty(Hsm.REQUEST, method(requestReader, "read"));

        from(direct(FIND_TEMPLATE)).routeId(FIND_TEMPLATE)
                .setBody(method(SqlParameters.class, "template"))
                .to(sql("find-template.sql", "outputType=SelectOne&outputHeader=" + Hsm.TEMPLATE_ROW))
                .setProperty(Hsm.TEMPLATE, method(templateMatcher, "match"))
                .removeHeader(Hsm.TEMPLATE_ROW);

        from(direct(PROBE_MEDIA)).routeId(PROBE_MEDIA)
                .filter(templateHasMedia())
                    .setProperty(Hsm.MEDIA, method(mediaProbe, "probe"));

        from(direct(BUILD_MESSAGE)).routeId(BUILD_MESSAGE)
                .choice()
                    .when(templateTypeIs(TemplateType.TEXT)).setProperty(Hsm.MESSAGE, method(messages, "text"))
                    .when(templateTypeIs(TemplateType.IMAGE)).setProperty(Hsm.MESSAGE, method(messages, "image"))
                    .when(templateTypeIs(TemplateType.VIDEO)).setProperty(Hsm.MESSAGE, method(messages, "video"))
                    .when(templateTypeIs(TemplateType.DOCUMENT)).setProperty(Hsm.MESSAGE, method(messages, "document"))
                .end();

        // Recorded as PENDING before the call: if the process dies mid-call, the row says so.
        from(direct(DELIVER)).routeId(DELIVER)
                .process(e -> e.setProperty(Hsm.TARGET, e.getProperty(Hsm.TEMPLATE, Template.class).target()))
                .setProperty(Hsm.PAYLOAD_JSON, method(this, "payloadJson"))
                .setBody(method(records, "pending"))
                .to(sql("insert-notification.sql", null))
                .setProperty(Hsm.RECORDED, constant(true))
                .bean(cloudApi, "checkNotPaused")
                .to(ATTEMPT_ENDPOINT);

        // The Cloud API call; also what the retry worker runs for a queued notification. A transient failure
        // is tried again here, briefly, while the caller waits (InlineRetries); what still fails is queued.
        from(ATTEMPT_ENDPOINT).routeId(ATTEMPT)
                .bean(limits, "checkPair")
                .loopDoWhile(exchangeProperty(Hsm.OUTCOME).isNull())
                    .filter(method(limits, "numberLimited"))
                        .to(direct(THROTTLE))
                    .end()
                    .removeHeaders("*")
                    .setHeader(Exchange.HTTP_METHOD, constant(HttpMethods.POST))
                    .setHeader(Exchange.HTTP_PATH, method(cloudApi, "messagesPath"))
                    .setHeader("Authorization", method(cloudApi, "authorization"))
                    .setHeader(Exchange.CONTENT_TYPE, constant("application/json"))
                    .setBody(exchangeProperty(Hsm.PAYLOAD_JSON))
                    .bean(inlineRetries, "calling")
                    .doTry()
                        .to(deliveryEndpoint())
                        .setProperty(Hsm.OUTCOME, method(this, "sent"))
                    .doCatch(ProviderException.class, IOException.class)
                        // the failure goes on to the error handler unless it is worth another call now
                        .bean(inlineRetries, "retryNowOrThrow")
                        .delay(exchangeProperty(InlineRetries.DELAY_MS)).syncDelayed()
                    .end()
                .end()
                .removeHeader("Authorization");

        // WhatsApp caps messages per second per phone number: wait here rather than collect 130429s
        from(direct(THROTTLE)).routeId(THROTTLE)
                .throttle(method(limits, "perSecond")).totalRequestsMode().timePeriodMillis(1000)
                    .correlationExpression(method(limits, "phoneNumberId"));

        // Never throws: the outcome already happened (a sent message stays SUCCESS); a lost record is logged.
        from(direct(RECORD_OUTCOME)).routeId(RECORD_OUTCOME)
                .filter(and(exchangeProperty(Hsm.AUTHENTICATED).isEqualTo(true), exchangeProperty(Hsm.NOTIFICATION_ID).isNotNull()))
                    .doTry()
                        .setBody(method(records, "outcome"))
                        .choice()
                            .when(exchangeProperty(Hsm.RECORDED).isEqualTo(true))
                                .to(sql("update-notification.sql", null))
                            .otherwise()
                                .to(sql("insert-notification.sql", null))
                        .endDoTry()
                        .setProperty(Hsm.RECORDED, constant(true))
                        .filter(e -> e.getProperty(Hsm.OUTCOME, Outcome.class).deadLetter())
                            .setBody(method(records, "deadLetter"))
                            .to(sql("insert-dead-letter.sql", null))
                        .end()
                        // the JMS door dead-letters what fails while it consumes; what the retry worker gives up on, here
                        .filter(e -> e.getProperty(Hsm.OUTCOME, Outcome.class).deadLetter()
                                && "jms".equals(e.getProperty(Hsm.CHANNEL)) && e.getProperty(Hsm.ATTEMPTS) != null)
                            .to("direct:jms-retried-dead-letter?failIfNoConsumers=false")
                        .end()
                        .filter(e -> e.getProperty(Hsm.OUTCOME, Outcome.class).pauseWebsiteUntil() != null)
                            .setBody(method(records, "websitePause"))
                            .to(sql("pause-website.sql", null))
                        .endDoTry()
                    .doCatch(Exception.class)
                        .log(LoggingLevel.ERROR, "Could not record the outcome of notification ${exchangeProperty."
                                + Hsm.NOTIFICATION_ID + "}: ${exception.message}")
                    .end();
    }

    public String payloadJson(Exchange exchange) throws Exception {
        return json.writeValueAsString(exchange.getProperty(Hsm.MESSAGE));
    }

    /** Reads the Cloud API's answer: a message id, or a {@code ProviderException}. */
    public Outcome sent(Exchange exchange) {
        String messageId = cloudApi.messageId(
                exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class),
                exchange.getMessage().getBody(String.class),
                exchange.getMessage().getHeader("Retry-After", String.class));
        return Outcome.sent(exchange.getProperty(Hsm.REQUEST, NotificationRequest.class).getDestination(), messageId);
    }

    private String deliveryEndpoint() {
        return cloudApiBaseUrl
                + "?throwExceptionOnFailure=false"
                + "&maxTotalConnections=" + settings.whatsappMaxConnections()
                + "&connectionsPerRoute=" + settings.whatsappMaxConnections()
                + "&connectTimeout=" + settings.whatsappConnectTimeoutMs()
                + "&connectionRequestTimeout=" + settings.whatsappConnectTimeoutMs()
                + "&responseTimeout=" + settings.whatsappResponseTimeoutMs()
                + "&soTimeout=" + settings.whatsappResponseTimeoutMs();
    }

    static String sql(String file, String options) {
        return "sql:classpath:sql/" + file + (options == null ? "" : "?" + options);
    }

    private static String direct(String routeId) {
        return "direct:" + routeId;
    }

    private static Predicate templateHasMedia() {
        return e -> e.getProperty(Hsm.TEMPLATE, Template.class).type().hasMedia();
    }

    private static Predicate templateTypeIs(TemplateType type) {
        return e -> e.getProperty(Hsm.TEMPLATE, Template.class).type() == type;
    }
}

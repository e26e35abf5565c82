package io.hsmgateway.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hsmgateway.auth.ApiKeyAuthenticator;
import io.hsmgateway.auth.CallerAuthentication;
import io.hsmgateway.auth.FailedAuthentications;
import io.hsmgateway.limits.RateLimits;
import io.hsmgateway.observe.GatewayMeters;
import io.hsmgateway.pipeline.DeadLetterEvents;
import io.hsmgateway.pipeline.ErrorHandling;
import io.hsmgateway.pipeline.IdempotencyKeys;
import io.hsmgateway.pipeline.OutcomeWrites;
import io.hsmgateway.pipeline.NotificationPipeline;
import io.hsmgateway.pipeline.NotificationRequestReader;
import io.hsmgateway.pipeline.NotificationSink;
import io.hsmgateway.pipeline.PipelineMeters;
import io.hsmgateway.pipeline.RequestSizeLimit;
import io.hsmgateway.pipeline.TemplateMatcher;
import io.hsmgateway.cluster.ClusterNotices;
import io.hsmgateway.pipeline.WebsiteLookups;
import io.hsmgateway.pipeline.delivery.InlineRetries;
import io.hsmgateway.pipeline.delivery.ThroughputLimits;
import io.hsmgateway.pipeline.media.MediaProbe;
import io.hsmgateway.pipeline.media.MediaRules;
import io.hsmgateway.pipeline.media.ProbeConnections;
import io.hsmgateway.pipeline.media.ProbeDeadline;
import io.hsmgateway.pipeline.outcome.FailureClassifier;
import io.hsmgateway.pipeline.delivery.HandOvers;
import io.hsmgateway.pipeline.outcome.NotificationRecords;
import io.hsmgateway.pipeline.outcome.ResponseWriter;
import io.hsmgateway.pipeline.whatsapp.CloudApiClient;
import io.hsmgateway.pipeline.whatsapp.CloudApiReplies;
import io.hsmgateway.pipeline.whatsapp.TemplateMessages;
import io.hsmgateway.secrets.AccessTokenCipher;
import io.hsmgateway.storage.GroupCommit;
import io.hsmgateway.storage.ProcessLease;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.apache.hc.client5.http.io.HttpClientConnectionManager;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.concurrent.ExecutorService;

/**
 * The pipeline: its beans, each bound under the name its route refers to, the one error handler, and the routes
 * (authentication, the steps, the sink's entries).
 */
public class PipelineConfiguration implements CamelConfiguration {

    public static final String MEDIA_PROBE_THREADS = "media-probe";
    /** Runs the pipeline for callers who wait with a deadline (the REST door), one thread per HTTP worker. */
    public static final String PIPELINE_THREADS = "pipeline";

    @BindToRegistry(FailedAuthentications.BEAN_NAME)
    public FailedAuthentications failedAuthentications(@BeanInject GatewaySettings settings) {
        return new FailedAuthentications(settings.restRateLimitPerKey());
    }

    @BindToRegistry(WebsiteLookups.BEAN_NAME)
    public WebsiteLookups websiteLookups(@BeanInject GatewaySettings settings, @BeanInject DataSource dataSource,
                                         @BeanInject ObjectMapper json, @BeanInject ClusterNotices notices) {
        return new WebsiteLookups(dataSource, json, Duration.ofMillis(settings.cacheTtlMs()), settings.cacheMaxEntries(),
                notices);
    }

    @BindToRegistry(ApiKeyAuthenticator.BEAN_NAME)
    public ApiKeyAuthenticator apiKeyAuthenticator(@BeanInject FailedAuthentications failures,
                                                   @BeanInject WebsiteLookups websites) {
        return new ApiKeyAuthenticator(failures, websites);
    }

    @BindToRegistry(RequestSizeLimit.BEAN_NAME)
    public RequestSizeLimit requestSizeLimit(@BeanInject GatewaySettings settings) {
        return new RequestSizeLimit(settings.requestMaxBytes());
    }

    @BindToRegistry(IdempotencyKeys.BEAN_NAME)
    public IdempotencyKeys idempotencyKeys(@BeanInject GatewaySettings settings, @BeanInject DataSource dataSource,
                                           @BeanInject GroupCommit commits, @BeanInject ProcessLease lease) {
        return new IdempotencyKeys(dataSource, commits, lease, Duration.ofSeconds(settings.deliveryStaleAfterSeconds()));
    }

    @BindToRegistry(ThroughputLimits.BEAN_NAME)
    public ThroughputLimits throughputLimits(@BeanInject GatewaySettings settings, @BeanInject RateLimits counted,
                                             @BeanInject ClusterNotices notices) {
        return new ThroughputLimits(settings.throttlePerNumber(), settings.restRateLimitPerKey(),
                Duration.ofSeconds(settings.throttleSlowDownSeconds()), settings.retryPolicy().pairBackoff(), counted,
                notices);
    }

    @BindToRegistry(InlineRetries.BEAN_NAME)
    public InlineRetries inlineRetries(@BeanInject GatewaySettings settings) {
        return settings.inlineRetries();
    }

    @BindToRegistry(NotificationRequestReader.BEAN_NAME)
    public NotificationRequestReader notificationRequestReader(@BeanInject ObjectMapper json) {
        return new NotificationRequestReader(json);
    }

    @BindToRegistry(TemplateMatcher.BEAN_NAME)
    public TemplateMatcher templateMatcher(@BeanInject WebsiteLookups websites) {
        return new TemplateMatcher(websites, java.time.Clock.systemUTC());
    }

    @BindToRegistry(PipelineMeters.BEAN_NAME)
    public PipelineMeters pipelineMeters(@BeanInject GatewayMeters meters) {
        return new PipelineMeters(meters);
    }

    @BindToRegistry(MediaProbe.CONNECTIONS)
    public HttpClientConnectionManager mediaConnections(@BeanInject GatewaySettings settings) {
        return ProbeConnections.create(settings.allowPrivateMediaHosts(), Duration.ofMillis(settings.mediaProbeTimeoutMs()));
    }

    @BindToRegistry(MediaProbe.DEADLINE)
    public ProbeDeadline mediaProbeDeadline(@BeanInject GatewaySettings settings, CamelContext context) {
        return new ProbeDeadline(Duration.ofMillis(settings.mediaProbeTimeoutMs()), context.getExecutorServiceManager()
                .newSingleThreadScheduledExecutor(this, MEDIA_PROBE_THREADS + "-deadline"));
    }

    @BindToRegistry(MediaProbe.BEAN_NAME)
    public MediaProbe mediaProbe(@BeanInject GatewaySettings settings, @BeanInject GatewayMeters meters, CamelContext context) {
        return new MediaProbe(context.createProducerTemplate(),
                new MediaRules(settings.image(), settings.video(), settings.document()), mediaProbeThreads(context, settings),
                Duration.ofMillis(settings.mediaProbeTimeoutMs()), Duration.ofSeconds(settings.mediaProbeCacheSeconds()), meters);
    }

    @BindToRegistry(TemplateMessages.BEAN_NAME)
    public TemplateMessages templateMessages() {
        return new TemplateMessages();
    }

    @BindToRegistry(CloudApiReplies.BEAN_NAME)
    public CloudApiReplies cloudApiReplies(@BeanInject GatewaySettings settings, @BeanInject ObjectMapper json,
                                           @BeanInject AccessTokenCipher accessTokens) {
        return new CloudApiReplies(json, settings.whatsappApiVersion(), accessTokens, settings.retryPolicy().maxBackoff());
    }

    @BindToRegistry(CloudApiClient.NAME)
    public CloudApiClient cloudApiClient() {
        return new CloudApiClient();
    }

    @BindToRegistry(OutcomeWrites.BEAN_NAME)
    public OutcomeWrites outcomeWrites(@BeanInject GroupCommit commits, @BeanInject NotificationRecords records,
                                       @BeanInject ResponseWriter answers, @BeanInject IdempotencyKeys idempotencyKeys) {
        return new OutcomeWrites(commits, records, answers, idempotencyKeys);
    }

    @BindToRegistry(NotificationRecords.BEAN_NAME)
    public NotificationRecords notificationRecords() {
        return new NotificationRecords();
    }

    @BindToRegistry(HandOvers.BEAN_NAME)
    public HandOvers handOvers(@BeanInject GroupCommit commits, @BeanInject NotificationRecords records,
                               @BeanInject ProcessLease lease) {
        return new HandOvers(commits, records, lease);
    }

    @BindToRegistry(ResponseWriter.BEAN_NAME)
    public ResponseWriter responseWriter(@BeanInject ObjectMapper json) {
        return new ResponseWriter(json);
    }

    @BindToRegistry(FailureClassifier.BEAN_NAME)
    public FailureClassifier failureClassifier(@BeanInject GatewaySettings settings, @BeanInject ThroughputLimits limits) {
        return new FailureClassifier(settings.retryPolicy(), limits);
    }

    @BindToRegistry(DeadLetterEvents.BEAN_NAME)
    public DeadLetterEvents deadLetterEvents(CamelContext context) {
        return new DeadLetterEvents(context.createProducerTemplate());
    }

    @BindToRegistry(NotificationSink.BEAN_NAME)
    public NotificationSink notificationSink(@BeanInject GatewaySettings settings, CamelContext context) {
        ProducerTemplate producer = context.createProducerTemplate();
        producer.setExecutorService(context.getExecutorServiceManager()
                .newFixedThreadPool(producer, PIPELINE_THREADS, settings.httpWorkerThreads()));
        return new NotificationSink(producer);
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        for (String scheme : new String[] {"http", "https"}) {
            HttpComponent http = context.getComponent(scheme, HttpComponent.class);
            // retries are the RetryPolicy's alone: HttpClient's own would resend 503/429 answers unseen
            http.setAutomaticRetriesDisabled(true);
            http.setCookieManagementDisabled(true);
        }
        context.addRoutes(new ErrorHandling());
        context.addRoutes(new CallerAuthentication());
        context.addRoutes(new NotificationPipeline());
    }

    /** Probes run here, never on a caller's thread; when all are busy the next probe is refused at once, not queued. */
    private static ExecutorService mediaProbeThreads(CamelContext context, GatewaySettings settings) {
        ThreadPoolProfile profile = new ThreadPoolProfile(MEDIA_PROBE_THREADS);
        profile.setPoolSize(settings.mediaProbeThreads());
        profile.setMaxPoolSize(settings.mediaProbeThreads());
        profile.setMaxQueueSize(0);
        profile.setRejectedPolicy(ThreadPoolRejectedPolicy.Abort);
        return context.getExecutorServiceManager().newThreadPool(context, MEDIA_PROBE_THREADS, profile);
    }
}

package io.hsmgateway.callbacks;

import io.hsmgateway.config.SettingsReader;
import io.hsmgateway.observe.GatewayMeters;
import io.hsmgateway.pipeline.media.ProbeConnections;
import io.hsmgateway.pipeline.media.ProbeDeadline;
import io.hsmgateway.secrets.AccessTokenCipher;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.hc.client5.http.io.HttpClientConnectionManager;

import java.util.concurrent.ExecutorService;

/**
 * The status callbacks' delivery: every node polls the database for callbacks that are due ({@link CallbackWorker})
 * and POSTs them ({@link CallbackSender}). Settings: {@code hsm.callbacks.*}, and {@code hsm.media.allow-private-hosts}
 * for which addresses a callback URL may reach.
 */
public class CallbacksConfiguration implements CamelConfiguration {

    public static final String SETTINGS = "callbackSettings";
    public static final String URLS = "callbackUrls";

    private CallbackSettings settings;

    @BindToRegistry(SETTINGS)
    public CallbackSettings callbackSettings(CamelContext context) {
        return settings(context);
    }

    @BindToRegistry(URLS)
    public CallbackUrls callbackUrls(CamelContext context) {
        return new CallbackUrls(settings(context).allowPrivateHosts());
    }

    @BindToRegistry(CallbackSender.CONNECTIONS)
    public HttpClientConnectionManager callbackConnections(CamelContext context) {
        CallbackSettings s = settings(context);
        return ProbeConnections.create(s.allowPrivateHosts(), s.timeout());
    }

    @BindToRegistry(CallbackSender.CLIENT)
    public CallbackHttpClient callbackHttpClient(CamelContext context) {
        return new CallbackHttpClient(new ProbeDeadline(settings(context).timeout(),
                context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "status-callback-deadline")));
    }

    @BindToRegistry(CallbackSender.BEAN_NAME)
    public CallbackSender callbackSender(@BeanInject AccessTokenCipher secrets, CamelContext context) {
        return new CallbackSender(context.createProducerTemplate(), secrets, settings(context).timeout());
    }

    @BindToRegistry(CallbackQueue.BEAN_NAME)
    public CallbackQueue callbackQueue(@BeanInject GatewayMeters meters, CamelContext context) {
        return new CallbackQueue(settings(context), meters);
    }

    @BindToRegistry(CallbackWorker.THREADS)
    public ExecutorService callbackThreads(CamelContext context) {
        return context.getExecutorServiceManager().newFixedThreadPool(this, "status-callbacks", settings(context).concurrency());
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        context.addRoutes(new CallbackWorker());
    }

    /**
     * Read once, by whichever bean is bound first: Camel calls the @BindToRegistry methods in no set order, so the
     * other beans cannot @BeanInject the settings bean (tried: NoSuchBeanTypeException at start-up).
     */
    private synchronized CallbackSettings settings(CamelContext context) {
        if (settings == null) {
            settings = CallbackSettings.load(new SettingsReader(context.getPropertiesComponent()));
        }
        return settings;
    }
}

package io.hsmgateway.callbacks;

import io.hsmgateway.Hsm;
import io.hsmgateway.pipeline.media.PublicAddressDnsResolver;
import io.hsmgateway.secrets.AccessTokenCipher;
import io.hsmgateway.secrets.UnreadableAccessTokenException;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.util.ObjectHelper;
import org.apache.hc.core5.http.MessageConstraintException;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * POSTs one claimed status callback to its website's URL through camel-http: the payload as queued, byte for byte,
 * signed with the website's secret. The endpoint is static (the URL goes in {@link Exchange#HTTP_URI}); its
 * connections refuse non-public addresses at connect time (the media links' rule, checked again at every POST
 * since DNS may change) unless private hosts are allowed; redirects are not followed (a 3xx is a failure); the whole
 * POST has one deadline and only a few KB of the answer are read ({@link CallbackHttpClient}).
 */
public class CallbackSender {

    public static final String BEAN_NAME = "callbackSender";
    /** Registry names of the POST's connection pool and its HttpClient set-up. */
    public static final String CONNECTIONS = "callbackConnectionManager";
    public static final String CLIENT = "callbackHttpClient";
    static final String POST_ENDPOINT = "http://status-callbacks?httpMethod=POST&throwExceptionOnFailure=false"
            + "&followRedirects=false&userAgent=hsm-gateway-callbacks"
            + "&clientConnectionManager=#" + CONNECTIONS + "&httpClientConfigurer=#" + CLIENT
            + "&connectionRequestTimeout={{hsm.callbacks.timeout-ms}}&responseTimeout={{hsm.callbacks.timeout-ms}}";

    public static final String CALLBACK_ID_HEADER = "X-Hsm-Callback-Id";
    public static final String SIGNATURE_HEADER = "X-Hsm-Signature-256";

    private final ProducerTemplate producer;
    private final AccessTokenCipher secrets;
    private final Duration timeout;

    public CallbackSender(ProducerTemplate producer, AccessTokenCipher secrets, Duration timeout) {
        this.producer = producer;
        this.secrets = secrets;
        this.timeout = timeout;
    }

    public CallbackAttempt send(@ExchangeProperty(Hsm.CALLBACK) DueCallback callback) {
        if (callback.storedSecret() == null) { // set behind the admin API's back: nothing to sign with
            return CallbackAttempt.failed("the website has no callback secret (set its callback through the admin API)");
        }
        String secret;
        try {
            secret = secrets.decrypt(callback.websiteId(), callback.storedSecret());
        } catch (UnreadableAccessTokenException e) {
            return CallbackAttempt.failed("the website's callback secret does not decrypt under this gateway's key");
        }
        byte[] body = callback.payload().getBytes(StandardCharsets.UTF_8);
        String signature = CallbackSecrets.signature(secret, body);
        Exchange answer = producer.send(POST_ENDPOINT, exchange -> {
            Message request = exchange.getIn();
            request.setHeader(Exchange.HTTP_URI, callback.url());
            request.setHeader(Exchange.CONTENT_TYPE, "application/json");
            request.setHeader(CALLBACK_ID_HEADER, callback.id());
            request.setHeader(SIGNATURE_HEADER, signature);
            request.setBody(body);
        });
        Exception failure = answer.getException();
        if (failure != null) {
            return CallbackAttempt.failed(describe(failure));
        }
        int status = answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        if (status >= 200 && status < 300) {
            return CallbackAttempt.succeeded();
        }
        return CallbackAttempt.failed("the callback URL answered HTTP " + status
                + (status >= 300 && status < 400 ? " (redirects are not followed)" : ""));
    }

    /** In words of ours: an exception's own message may carry the URL. */
    private String describe(Exception failure) {
        if (ObjectHelper.getException(PublicAddressDnsResolver.NonPublicAddressException.class, failure) != null) {
            return "the callback URL's host resolves to a loopback, private or link-local address";
        }
        if (ObjectHelper.getException(UnknownHostException.class, failure) != null) {
            return "the callback URL's host does not resolve";
        }
        if (ObjectHelper.getException(SocketTimeoutException.class, failure) != null) {
            return "the callback URL did not answer within " + timeout.toMillis() + " ms";
        }
        if (ObjectHelper.getException(ConnectException.class, failure) != null) {
            return "the callback URL's host refused the connection";
        }
        if (ObjectHelper.getException(MessageConstraintException.class, failure) != null) {
            return "the callback URL answered with too many or too long header lines";
        }
        return "the callback URL could not be reached (" + failure.getClass().getSimpleName() + ")";
    }
}

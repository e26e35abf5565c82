package io.hsmgateway.callbacks;

import io.hsmgateway.api.ApiCode;
import io.hsmgateway.api.JoiError;
import io.hsmgateway.api.RejectedException;
import io.hsmgateway.pipeline.media.PublicAddressDnsResolver;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rule a callback URL must pass when it is set: absolute http or https, a host, no credentials in it (they
 * would be stored and shown in clear), no fragment (never sent), and the media links' public-address rule: unless
 * {@code hsm.media.allow-private-hosts=true}, a host that resolves to a loopback, private or link-local address
 * is refused, as is one that does not resolve. The rule is checked again at every POST (DNS may change); this check
 * only tells the operator at once. A refusal is INVALID_BODY at {@code url}, without the URL itself in the answer.
 */
public class CallbackUrls {

    public static final int MAX_LENGTH = 2048;
    private static final List<Object> URL = List.of("url");

    private final boolean allowPrivateHosts;
    private final PublicAddressDnsResolver publicAddresses = new PublicAddressDnsResolver();

    public CallbackUrls(boolean allowPrivateHosts) {
        this.allowPrivateHosts = allowPrivateHosts;
    }

    public String check(String url) {
        if (url.length() > MAX_LENGTH) {
            throw invalid("string.max", "length must be less than or equal to " + MAX_LENGTH + " characters long");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw invalid("string.uri", "must be a valid http or https URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
            throw invalid("string.uriCustomScheme", "must be an absolute http or https URL");
        }
        if (uri.getRawUserInfo() != null) {
            throw invalid("string.uri", "must not carry credentials (user:password@)");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw invalid("string.uri", "must name a host");
        }
        if (uri.getRawFragment() != null) {
            throw invalid("string.uri", "must not have a fragment (#...): it is never sent");
        }
        if (!allowPrivateHosts) {
            try {
                publicAddresses.resolve(uri.getHost());
            } catch (PublicAddressDnsResolver.NonPublicAddressException e) {
                throw invalid("string.uri", "must not resolve to a loopback, private or link-local address");
            } catch (UnknownHostException e) {
                throw invalid("string.uri", "must name a host that resolves");
            }
        }
        return url;
    }

    private static RejectedException invalid(String type, String text) {
        return new RejectedException(ApiCode.INVALID_BODY, List.of(JoiError.at(URL, type, text, Map.of())));
    }
}

package io.hsmgateway.auth;

import io.hsmgateway.Hsm;
import io.hsmgateway.api.ApiCode;
import io.hsmgateway.api.RejectedException;
import io.hsmgateway.pipeline.WebsiteLookups;
import io.hsmgateway.pipeline.WebsiteLookups.WebsiteKeys;
import org.apache.camel.ExchangeProperty;

import java.util.List;
import java.util.Map;

/** Checks the presented API key against the website's stored key hashes (a wrong one counts against its
 * address), or that a granted website exists. The website is read through {@link WebsiteLookups} (briefly cached). */
public class ApiKeyAuthenticator {

    public static final String BEAN_NAME = "apiKeyAuthenticator";

    private final FailedAuthentications failures;
    private final WebsiteLookups websites;

    public ApiKeyAuthenticator(FailedAuthentications failures, WebsiteLookups websites) {
        this.failures = failures;
        this.websites = websites;
    }

    public void verify(@ExchangeProperty(Hsm.WEBSITE_ID) String websiteId,
                       @ExchangeProperty(Hsm.API_KEY) String apiKey,
                       @ExchangeProperty(Hsm.CLIENT_ADDRESS) String clientAddress) {
        boolean valid = false;
        if (apiKey != null && !apiKey.isEmpty() && websiteId != null) {
            WebsiteKeys keys = websites.keys(websiteId);
            for (String keyHash : keys == null ? List.<String>of() : keys.keyHashes()) {
                // no early exit: every stored key is compared, whichever matches
                valid |= ApiKeys.matches(apiKey, keyHash);
            }
        }
        if (!valid) {
            failures.failed(clientAddress);
            throw new RejectedException(ApiCode.UNAUTHORIZED, Map.of("websiteId", String.valueOf(websiteId)));
        }
    }

    /** A door whose source grants the website (its drop folder) needs no key, but the website must exist. */
    public void verifyGranted(@ExchangeProperty(Hsm.WEBSITE_ID) String websiteId) {
        if (websiteId == null || websites.keys(websiteId) == null) {
            throw new RejectedException(ApiCode.UNAUTHORIZED, Map.of("websiteId", String.valueOf(websiteId)));
        }
    }
}

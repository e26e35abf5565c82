package io.hsmgateway.auth;

import io.hsmgateway.Hsm;
import io.hsmgateway.api.ApiCode;
import io.hsmgateway.api.RejectedException;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

import java.util.List;
import java.util.Map;

/** Checks the presented API key against the website's stored key hashes (a wrong one counts against its
 * address), or that a granted website exists. */
public class ApiKeyAuthenticator {

    public static final String BEAN_NAME = "apiKeyAuthenticator";

    private final FailedAuthentications failures;

    public ApiKeyAuthenticator(FailedAuthentications failures) {
        this.failures = failures;
    }

    /** Named parameters of the website's look-up, as a Map body for camel-sql. */
    public static Map<String, Object> lookupParameters(@ExchangeProperty(Hsm.WEBSITE_ID) String websiteId) {
        return Map.of("websiteId", websiteId == null ? "" : websiteId);
    }

    public void verify(@ExchangeProperty(Hsm.WEBSITE_ID) String websiteId,
                       @ExchangeProperty(Hsm.API_KEY) String apiKey,
                       @ExchangeProperty(Hsm.CLIENT_ADDRESS) String clientAddress,
                       @Header(Hsm.API_KEY_ROWS) List<Map<String, Object>> keyRows) {
        boolean valid = false;
        if (apiKey != null && !apiKey.isEmpty() && keyRows != null) {
            for (Map<String, Object> row : keyRows) {
                // no early exit: every stored key is compared, whichever matches
                valid |= ApiKeys.matches(apiKey, (String) row.get("key_hash"));
            }
        }
        if (!valid) {
            failures.failed(clientAddress);
            throw new RejectedException(ApiCode.UNAUTHORIZED, Map.of("websiteId", String.valueOf(websiteId)));
        }
    }

    /** A door whose source grants the website (its drop folder) needs no key, but the website must exist. */
    public void verifyGranted(@ExchangeProperty(Hsm.WEBSITE_ID) String websiteId, @Header(Hsm.WEBSITE_FOUND) String found) {
        if (found == null) {
            throw new RejectedException(ApiCode.UNAUTHORIZED, Map.of("websiteId", String.valueOf(websiteId)));
        }
    }
}

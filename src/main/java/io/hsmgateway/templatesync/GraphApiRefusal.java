package io.hsmgateway.templatesync;

import io.hsmgateway.api.ApiCode;
import io.hsmgateway.api.ApiResponse;
import io.hsmgateway.api.RejectedException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Graph API did not list the account's templates (an error answer, no answer in time, an answer the gateway cannot
 * take): PROVIDER_ERROR (502), with Meta's code, message and HTTP status as a failed message has them. Nothing was
 * stored: a sync that did not read the whole listing retires nothing.
 */
public class GraphApiRefusal extends RejectedException {

    static final String DESCRIPTION = "WhatsApp did not list the account's templates.";

    private final String detail;

    GraphApiRefusal(Integer providerCode, String providerMessage, Integer providerStatus) {
        super(ApiResponse.of(ApiCode.PROVIDER_ERROR, DESCRIPTION, result(providerCode, providerMessage, providerStatus)));
        this.detail = (providerCode == null ? "" : providerCode + ": ") + providerMessage
                + (providerStatus == null ? "" : " (HTTP " + providerStatus + ")");
    }

    /** For the log: Meta's code, message and status (never a token: no request is described). */
    public String detail() {
        return detail;
    }

    private static Map<String, Object> result(Integer providerCode, String providerMessage, Integer providerStatus) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("providerCode", providerCode);
        result.put("providerMessage", providerMessage);
        result.put("providerStatus", providerStatus);
        return result;
    }
}

package io.hsmgateway.admin;

import io.hsmgateway.api.ApiCode;
import io.hsmgateway.api.JoiError;
import io.hsmgateway.api.RejectedException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Query-string values of the admin API's listings; one that does not parse is INVALID_BODY, naming it. */
final class QueryParameters {

    private QueryParameters() {
    }

    /** A paging parameter (limit, offset): a whole number, 0 or more; the fallback when absent. */
    static int count(Object value, String name, int fallback) {
        try {
            int count = value == null ? fallback : Integer.parseInt(value.toString());
            if (count >= 0) {
                return count;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw invalid(name, value, "must be a whole number, 0 or more");
    }

    /** A yes/no parameter: {@code true} or {@code false} (any case); false when absent. */
    static boolean flag(Object value, String name) {
        if (value == null || "false".equalsIgnoreCase(value.toString())) {
            return false;
        }
        if ("true".equalsIgnoreCase(value.toString())) {
            return true;
        }
        throw invalid(name, value, "must be true or false");
    }

    static RejectedException invalid(String name, Object value, String text) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("value", value);
        return new RejectedException(ApiCode.INVALID_BODY, List.of(JoiError.at(List.of(name), "any.invalid", text, context)));
    }
}

package io.hsmgateway.admin;

import io.hsmgateway.api.ApiCode;
import io.hsmgateway.api.Identifiers;
import io.hsmgateway.api.JoiError;
import io.hsmgateway.api.RejectedException;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The admin API's query-string values, one rule each, the same for every operation that takes it and as
 * openapi.json states it (components.parameters): present but not valid (empty included) is INVALID_BODY, naming
 * it; absent is the default. {@link AdminParameters} applies them ahead of every operation.
 */
final class QueryParameters {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;
    /** Rows are counted in an int by the databases' OFFSET. */
    static final long MAX_OFFSET = Integer.MAX_VALUE;
    static final Set<String> NOTIFICATION_STATUSES = Set.of("PENDING", "SENDING", "RETRYING", "SENT", "DELIVERED", "READ",
            "FAILED", "UNKNOWN", "REJECTED");
    static final Set<String> CALLBACK_STATES = Set.of("DUE", "SENDING", "DELIVERED", "DEAD");
    /** A door's name: rest, file, sftp, jms, or a YAML door's. */
    static final Pattern CHANNEL = Pattern.compile("^[A-Za-z0-9_.-]{1,64}$");
    private static final Pattern WHOLE_NUMBER = Pattern.compile("^[0-9]{1,19}$");

    private QueryParameters() {
    }

    /** Page size: 0 to 500, 50 when absent. */
    static int limit(Object value) {
        return (int) whole(value, AdminApi.LIMIT, DEFAULT_LIMIT, MAX_LIMIT);
    }

    /** Rows skipped: 0 to 2147483647, 0 when absent. */
    static int offset(Object value) {
        return (int) whole(value, AdminApi.OFFSET, 0, MAX_OFFSET);
    }

    private static long whole(Object value, String name, long fallback, long max) {
        if (value == null) {
            return fallback;
        }
        String text = value.toString();
        if (WHOLE_NUMBER.matcher(text).matches()) {
            long number = Long.parseLong(text);
            if (number <= max) {
                return number;
            }
        }
        throw invalid(name, value, "must be a whole number from 0 to " + max);
    }

    /** A yes/no parameter: {@code true} or {@code false}, as JSON writes them; false when absent. */
    static boolean flag(Object value, String name) {
        if (value == null || "false".equals(value.toString())) {
            return false;
        }
        if ("true".equals(value.toString())) {
            return true;
        }
        throw invalid(name, value, "must be true or false");
    }

    static void oneOf(Object value, String name, Set<String> allowed, String listed) {
        if (value != null && !allowed.contains(value.toString())) {
            throw invalid(name, value, "must be one of " + listed);
        }
    }

    static void channel(Object value) {
        if (value != null && !CHANNEL.matcher(value.toString()).matches()) {
            throw invalid(AdminApi.CHANNEL, value, "must be 1 to 64 of A-Z a-z 0-9 _ . -");
        }
    }

    static Instant since(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value.toString());
        } catch (DateTimeParseException e) {
            try {
                return java.time.OffsetDateTime.parse(value.toString()).toInstant();
            } catch (DateTimeParseException notEither) {
                throw invalid(AdminApi.SINCE, value, "must be an ISO-8601 instant (2026-11-24T10:00:00Z)");
            }
        }
    }

    /** The websiteId filter: the identifier rule. */
    static void websiteFilter(Object value) {
        if (value != null && !Identifiers.valid(value.toString())) {
            throw invalid(AdminApi.WEBSITE_ID, Identifiers.echo(value.toString()),
                    "must be 1 to 64 of A-Z a-z 0-9 . _ ~ -");
        }
    }

    static RejectedException invalid(String name, Object value, String text) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("value", value instanceof String s ? Identifiers.echo(s) : value);
        return new RejectedException(ApiCode.INVALID_BODY, List.of(JoiError.at(List.of(name), "any.invalid", text, context)));
    }
}

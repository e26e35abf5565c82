package io.hsmgateway.admin;

import io.hsmgateway.api.ApiCode;
import io.hsmgateway.api.Identifiers;
import io.hsmgateway.api.JoiError;
import io.hsmgateway.api.NotFound;
import io.hsmgateway.api.RejectedException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every parameter of every admin operation checked ahead of it, by one rule each, so that no operation is left
 * to a rule of its own (or to the database's column size: a 65-character website id was a 500). Path ids follow
 * {@link Identifiers}: one outside the rule names nothing that can exist, so it is NOT_FOUND, except where the
 * operation would create it (PUT of a website or a template), where it is INVALID_BODY. Query values follow
 * {@link QueryParameters}. Runs after the token check, so a caller without the token learns nothing.
 */
public class AdminParameters {

    /** Path parameters and what a NOT_FOUND calls them. */
    private static final Map<String, String> PATH_IDS = pathIds();

    private static Map<String, String> pathIds() {
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put(AdminApi.WEBSITE_ID, "website");
        ids.put(AdminApi.TEMPLATE_ID, "template");
        ids.put(AdminApi.KEY_ID, "api key");
        ids.put(AdminApi.DEAD_LETTER_ID, "dead letter");
        ids.put(AdminApi.NOTIFICATION_ID, "notification");
        ids.put(AdminApi.CALLBACK_ID, "callback");
        return ids;
    }

    /** The operations whose websiteId is a filter in the query string, not a path parameter. */
    private static final List<String> LISTINGS = List.of(AdminApi.NOTIFICATIONS_LIST, AdminApi.NOTIFICATIONS_RETRY_NOW,
            AdminApi.DEAD_LETTERS_LIST, AdminApi.DEAD_LETTERS_REPLAY, AdminApi.CALLBACKS_LIST);

    /** @param operation the route id of the operation (AdminApi's constants) */
    public void check(Exchange exchange, String operation) {
        Message in = exchange.getIn();
        boolean websiteFilter = LISTINGS.contains(operation);
        for (Map.Entry<String, String> id : PATH_IDS.entrySet()) {
            String value = in.getHeader(id.getKey(), String.class);
            if (value == null || (id.getKey().equals(AdminApi.WEBSITE_ID) && websiteFilter)) {
                continue;
            }
            if (!Identifiers.valid(value)) {
                throw refused(id.getKey(), id.getValue(), value, creates(operation, id.getKey()));
            }
        }
        if (websiteFilter) {
            QueryParameters.websiteFilter(in.getHeader(AdminApi.WEBSITE_ID));
        }
        QueryParameters.oneOf(in.getHeader(AdminApi.STATUS), AdminApi.STATUS, QueryParameters.NOTIFICATION_STATUSES,
                "PENDING, SENDING, RETRYING, SENT, DELIVERED, READ, FAILED, UNKNOWN, REJECTED");
        QueryParameters.oneOf(in.getHeader(AdminApi.STATE), AdminApi.STATE, QueryParameters.CALLBACK_STATES,
                "DUE, SENDING, DELIVERED, DEAD");
        QueryParameters.channel(in.getHeader(AdminApi.CHANNEL));
        QueryParameters.since(in.getHeader(AdminApi.SINCE));
        QueryParameters.limit(in.getHeader(AdminApi.LIMIT));
        QueryParameters.offset(in.getHeader(AdminApi.OFFSET));
        QueryParameters.flag(in.getHeader(AdminApi.AGAIN), AdminApi.AGAIN);
    }

    /** PUT of a website creates what websiteId names, PUT of a template what templateId names. */
    private static boolean creates(String operation, String name) {
        return (name.equals(AdminApi.WEBSITE_ID) && operation.equals(AdminApi.WEBSITE_PUT))
                || (name.equals(AdminApi.TEMPLATE_ID) && operation.equals(AdminApi.TEMPLATE_PUT));
    }

    private static RejectedException refused(String name, String what, String value, boolean creating) {
        if (!creating) {
            return new NotFound(what + " " + value);
        }
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("value", Identifiers.echo(value));
        return new RejectedException(ApiCode.INVALID_BODY, List.of(JoiError.at(List.of(name), "string.pattern.base",
                "must be 1 to 64 of A-Z a-z 0-9 . _ ~ - (not . or .. alone)", context)));
    }
}

package io.hsmgateway.pipeline;

import io.hsmgateway.Hsm;
import io.hsmgateway.api.ApiCode;
import io.hsmgateway.api.ApiResponse;
import io.hsmgateway.api.JoiError;
import io.hsmgateway.api.RejectedException;
import io.hsmgateway.storage.GroupCommit;
import io.hsmgateway.storage.ProcessLease;
import io.hsmgateway.storage.SqlFiles;
import org.apache.camel.Exchange;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Idempotency keys: the same key from the same website within {@link #TTL} gets the first answer again
 * and sends nothing. The key is claimed in the database before anything is sent, by this process (its
 * {@link ProcessLease}), so it holds across restarts and nodes; the answer is stored once written. A fault of ours
 * (INTERNAL_ERROR) releases the key so the caller can retry with it. When the claiming process died before storing
 * the answer, the answer is what became of its notification ({@link ClaimedAnswers}), never "still being processed"
 * for what nothing processes any more; a claim it never got to send under is taken over at once.
 */
public class IdempotencyKeys {

    public static final String BEAN_NAME = "idempotencyKeys";

    public static final Duration TTL = Duration.ofHours(24);
    public static final int MAX_KEY_LENGTH = 255;
    static final String CLAIMED_NOT_RECORDED = "the same idempotency key is being processed and nothing was sent"
            + " under it yet: try again";

    /** Outcomes after which the message was, or may have been, sent: never release their key. */
    private static final Set<String> MAY_HAVE_BEEN_SENT = Set.of(ApiCode.SUCCESS.name(), ApiCode.QUEUED.name(),
            ApiCode.IN_PROGRESS.name(), ApiCode.PROVIDER_TIMEOUT.name(), ApiCode.IDEMPOTENCY_CONFLICT.name());

    private final NamedParameterJdbcTemplate jdbc;
    private final GroupCommit commits;
    private final ProcessLease lease;
    private final Duration staleAfter;
    private final SqlFiles sql = new SqlFiles("idempotency");

    /**
     * @param staleAfter how old a claim must be, with no notification recorded, before it is taken over whatever its
     *                   process's lease says (claims from before leases)
     */
    public IdempotencyKeys(DataSource dataSource, GroupCommit commits, ProcessLease lease, Duration staleAfter) {
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
        this.commits = commits;
        this.lease = lease;
        this.staleAfter = staleAfter;
    }

    /**
     * Claims the exchange's key for this notification.
     * @return the answer (JSON) for a key claimed before: the stored first answer, or what became of its notification;
     * null to go on
     */
    public String claim(Exchange exchange) throws InterruptedException {
        String key = exchange.getProperty(Hsm.IDEMPOTENCY_KEY, String.class);
        if (key.length() > MAX_KEY_LENGTH) {
            Map<String, Object> context = new HashMap<>();
            context.put("limit", MAX_KEY_LENGTH);
            throw new RejectedException(ApiCode.INVALID_BODY, List.of(JoiError.at(List.of("Idempotency-Key"), "string.max",
                    "length must be less than or equal to " + MAX_KEY_LENGTH + " characters long", context)));
        }
        Map<String, Object> params = params(exchange);
        Instant now = Instant.now();
        params.put("now", Timestamp.from(now));
        params.put("owner", lease.id());
        try {
            commits.write(sql.get("claim"), params);
            return claimed(exchange);
        } catch (SQLException refused) {
            if (!GroupCommit.isDuplicateKey(refused)) {
                throw new IllegalStateException("Could not claim an idempotency key: " + refused.getMessage(), refused);
            }
            Map<String, Object> first = jdbc.queryForList(sql.get("find"), params).stream().findFirst().orElse(null);
            if (first == null) {
                return claim(exchange); // released in between: claim it afresh
            }
            Timestamp created = (Timestamp) first.get("created_at");
            if (created.toInstant().isBefore(now.minus(TTL))) {
                params.put("previous", created);
                if (jdbc.update(sql.get("reclaim-expired"), params) == 1) {
                    return claimed(exchange);
                }
            } else if (first.get("response_json") != null) {
                return (String) first.get("response_json");
            } else {
                Map<String, Object> notification = jdbc.queryForList(sql.get("find-notification"),
                        Map.of("notificationId", first.get("notification_id"))).stream().findFirst().orElse(null);
                if (notification == null) {
                    return unrecorded(exchange, params, first, now);
                }
                String answer = ClaimedAnswers.of((String) first.get("notification_id"), notification, lease);
                if (answer != null) {
                    return answer;
                }
            }
            throw new RejectedException(ApiResponse.of(ApiCode.IDEMPOTENCY_CONFLICT,
                    Map.of("notificationId", String.valueOf(first.get("notification_id")))));
        }
    }

    /**
     * A claim whose notification was never handed over (nothing recorded): its request is still before its first call
     * (validating, probing media, waiting for the throttle), or its process is gone. A gone process's claim is taken
     * over at once, so what it never sent is sent now; a live one's is answered "try again".
     */
    private String unrecorded(Exchange exchange, Map<String, Object> params, Map<String, Object> first, Instant now)
            throws InterruptedException {
        Timestamp created = (Timestamp) first.get("created_at");
        if (lease.awaitLapse((String) first.get("owner")) || created.toInstant().isBefore(now.minus(staleAfter))) {
            params.put("previousNotificationId", first.get("notification_id"));
            if (jdbc.update(sql.get("take-over"), params) == 1) {
                return claimed(exchange);
            }
        }
        // Nothing was sent under this key yet: the caller tries again later (the JMS door rolls back: the broker
        // redelivers). Answered IDEMPOTENCY_CONFLICT, a redelivered JMS message was dead-lettered and never sent.
        throw new RejectedException(ApiCode.SERVICE_UNAVAILABLE, Map.of("reason", CLAIMED_NOT_RECORDED));
    }

    /**
     * What stores the answer of a notification that holds its key, committed with its outcome: the answer, or, after
     * a fault of ours or a refusal the door will replay, the key's release (so the caller can retry with it).
     */
    public GroupCommit.Statement answerStored(Exchange exchange, ApiResponse response, String responseJson) {
        Map<String, Object> params = params(exchange);
        boolean retryUnsent = Boolean.TRUE.equals(exchange.getProperty(Hsm.IDEMPOTENCY_RETRY_UNSENT, Boolean.class));
        if (ApiCode.INTERNAL_ERROR.name().equals(response.code()) || ApiCode.SERVICE_UNAVAILABLE.name().equals(response.code())
                || retryUnsent && !mayHaveBeenSent(response)) {
            return new GroupCommit.Statement(sql.get("release"), params);
        }
        params.put("response", responseJson);
        return new GroupCommit.Statement(sql.get("remember"), params);
    }

    /** After this answer the message was, or may have been, sent: its key is never released. */
    public static boolean mayHaveBeenSent(ApiResponse response) {
        return MAY_HAVE_BEEN_SENT.contains(response.code());
    }

    private static String claimed(Exchange exchange) {
        exchange.setProperty(Hsm.IDEMPOTENCY_CLAIMED, true);
        return null;
    }

    private static Map<String, Object> params(Exchange exchange) {
        Map<String, Object> params = new HashMap<>();
        params.put("websiteId", exchange.getProperty(Hsm.WEBSITE_ID, String.class));
        params.put("key", exchange.getProperty(Hsm.IDEMPOTENCY_KEY, String.class));
        params.put("notificationId", exchange.getProperty(Hsm.NOTIFICATION_ID, String.class));
        return params;
    }

}

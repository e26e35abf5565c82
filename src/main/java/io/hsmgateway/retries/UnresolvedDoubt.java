package io.hsmgateway.retries;

import io.hsmgateway.storage.SqlFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * An opt-in policy for doubt that nothing resolves: a notification UNKNOWN for {@code hsm.delivery.unresolved-doubt-after-seconds}
 * with no WhatsApp status naming it (its biz_opaque_callback_data would have settled it) is sent again
 * ({@link Then#RESEND}: the recipient may get it twice) or becomes a dead letter ({@link Then#DEAD_LETTER}: an
 * operator decides). Off by default: in doubt stays in doubt, never resent blindly. Every node may run it: each row
 * changes once (a conditional update).
 */
public class UnresolvedDoubt {

    public static final String BEAN_NAME = "unresolvedDoubt";

    public enum Then { RESEND, DEAD_LETTER }

    private static final Logger LOG = LoggerFactory.getLogger(UnresolvedDoubt.class);

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final SqlFiles sql = new SqlFiles("");
    private final Duration after;
    private final Then then;

    /** @param after zero: never */
    public UnresolvedDoubt(DataSource dataSource, Duration after, Then then) {
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.after = after;
        this.then = then;
    }

    static Then then(String key) {
        return Then.valueOf(key.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    /** Called by the retry worker's poll. */
    public void settle() {
        if (after.isZero()) {
            return;
        }
        Instant now = Instant.now();
        List<Map<String, Object>> rows = jdbc.queryForList(sql.named("find-unresolved-doubt"),
                Map.of("before", Timestamp.from(now.minus(after))));
        String error = "in doubt for " + after.toSeconds() + " s and no WhatsApp status named it: "
                + (then == Then.RESEND ? "sent again (hsm.delivery.unresolved-doubt-then=resend)"
                : "dead-lettered (hsm.delivery.unresolved-doubt-then=dead-letter; a replay may deliver it twice)");
        for (Map<String, Object> row : rows) {
            Map<String, Object> params = new HashMap<>();
            params.put("id", row.get("id"));
            params.put("now", Timestamp.from(now));
            params.put("error", error);
            if (then == Then.RESEND) {
                if (jdbc.update(sql.named("resend-in-doubt"), params) == 1) {
                    LOG.warn("Notification {} {}", row.get("id"), error);
                }
            } else {
                transactions.executeWithoutResult(tx -> deadLetter(row, params));
            }
        }
    }

    private void deadLetter(Map<String, Object> row, Map<String, Object> params) {
        if (jdbc.update(sql.named("dead-letter-in-doubt"), params) == 0) {
            return;
        }
        Map<String, Object> deadLetter = new HashMap<>(params);
        deadLetter.put("deadLetterId", UUID.randomUUID().toString());
        deadLetter.put("websiteId", row.get("website_id"));
        deadLetter.put("channel", row.get("channel"));
        deadLetter.put("templateId", row.get("template_id"));
        deadLetter.put("destination", row.get("destination"));
        deadLetter.put("requestJson", row.get("request_json") == null ? "" : row.get("request_json"));
        deadLetter.put("errorCode", "PROVIDER_TIMEOUT");
        deadLetter.put("lastError", params.get("error"));
        deadLetter.put("attempts", ((Number) row.get("attempts")).intValue());
        jdbc.update(sql.named("insert-dead-letter"), deadLetter);
        LOG.warn("Notification {} {}", row.get("id"), params.get("error"));
    }
}

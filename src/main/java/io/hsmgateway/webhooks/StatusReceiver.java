package io.hsmgateway.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hsmgateway.storage.GroupCommit;
import io.hsmgateway.storage.SqlFiles;
import org.apache.camel.Body;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Stores the statuses of a signed webhook POST, as they arrived, before it is answered: Meta's batched shape,
 * {@code entry[].changes[].value.statuses[]}. Everything else in it (inbound {@code messages[]}, other fields) is
 * not ours to handle and is skipped. A status Meta sends again (same message id and status) is already stored: it is
 * counted as a duplicate and changes nothing. A POST's statuses are inserted in one transaction, one JDBC batch
 * ({@link GroupCommit#writeAll}): the answer waits for one commit, not one per status.
 */
public class StatusReceiver {

    public static final String BEAN_NAME = "whatsappStatusReceiver";

    private static final Logger LOG = LoggerFactory.getLogger(StatusReceiver.class);
    private static final SqlFiles SQL = new SqlFiles("webhooks");

    private final ObjectMapper json;
    private final GroupCommit commits;
    private final StatusCounts counts;

    public StatusReceiver(ObjectMapper json, GroupCommit commits, StatusCounts counts) {
        this.json = json;
        this.commits = commits;
        this.counts = counts;
    }

    /** @return the ids of the statuses stored now (not those stored before): for the applier to take at once */
    public List<String> store(@Body byte[] body) throws IOException, SQLException, InterruptedException {
        List<String> stored = new ArrayList<>();
        JsonNode webhook = json.readTree(body);
        WebhookShape.require(webhook);
        List<JsonNode> entries = entries(webhook);
        List<WhatsAppStatus> statuses = new ArrayList<>();
        int outOfRange = 0;
        Instant now = Instant.now();
        for (JsonNode entry : entries) {
            WhatsAppStatus status = WhatsAppStatus.of(entry).orElse(null);
            if (status != null && !status.plausibleAt(now)) {
                outOfRange++;
                counts.count(status.status(), StatusCounts.OUT_OF_RANGE);
            } else if (status != null) {
                statuses.add(status);
            }
        }
        if (outOfRange > 0) {
            LOG.warn("{} of the {} statuses in a WhatsApp webhook refused: a time before {} or more than {} ahead",
                    outOfRange, entries.size(), WhatsAppStatus.EARLIEST, WhatsAppStatus.LATEST_AHEAD);
        }
        int ignored = entries.size() - statuses.size() - outOfRange;
        if (ignored > 0) {
            // not ours to apply (another kind, e.g. deleted) or lacking an id or a timestamp: said, never silently
            counts.count(StatusCounts.OTHER, StatusCounts.IGNORED, ignored);
            LOG.info("{} of the {} statuses in a WhatsApp webhook ignored: not sent/delivered/read/failed with a message"
                    + " id and a timestamp", ignored, entries.size());
        }
        // one transaction for the whole batch (Meta sends up to 1,000): a duplicate makes the rows go one by one
        List<Map<String, Object>> rows = new ArrayList<>(statuses.size());
        for (WhatsAppStatus status : statuses) {
            rows.add(row(UUID.randomUUID().toString(), status));
        }
        List<SQLException> failures = commits.writeAll(SQL.get("insert-status"), rows);
        for (int i = 0; i < rows.size(); i++) {
            SQLException refused = failures.get(i);
            if (refused == null) {
                stored.add((String) rows.get(i).get("id"));
            } else if (GroupCommit.isDuplicateKey(refused)) {
                counts.count(statuses.get(i).status(), StatusCounts.DUPLICATE);
            } else {
                throw refused;
            }
        }
        return stored;
    }

    /** Every {@code entry[].changes[].value.statuses[]} element, whatever it holds. */
    static List<JsonNode> entries(JsonNode webhook) {
        List<JsonNode> statuses = new ArrayList<>();
        for (JsonNode entry : webhook.path("entry")) {
            for (JsonNode change : entry.path("changes")) {
                change.path("value").path("statuses").forEach(statuses::add);
            }
        }
        return statuses;
    }

    private static Map<String, Object> row(String id, WhatsAppStatus status) {
        Map<String, Object> row = new HashMap<>();
        row.put("id", id);
        row.put("providerMessageId", status.providerMessageId());
        row.put("status", status.status());
        row.put("statusAt", Timestamp.from(status.at()));
        row.put("errorCode", status.errorCode());
        row.put("errorTitle", status.errorTitle());
        row.put("errorDetails", status.errorDetails());
        row.put("callbackData", status.callbackData());
        return row;
    }
}

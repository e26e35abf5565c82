package io.hsmgateway.doors.file;

import io.hsmgateway.Hsm;
import io.hsmgateway.api.ApiResponse;
import io.hsmgateway.pipeline.DoorReceipt;
import io.hsmgateway.storage.GroupCommit;
import io.hsmgateway.storage.SqlFiles;
import org.apache.camel.Exchange;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The drop folders' ledger of records already taken (Camel's JDBC idempotent repository, table
 * {@code CAMEL_MESSAGEPROCESSED}), whose additions ride on the notifications' {@link GroupCommit}: records of a
 * file run side by side, and each addition is still committed before its record is reported. Each row keeps the
 * notification its record was sent as (from the sink's answer), so that a record taken again is reported
 * {@code DUPLICATE} naming it: {@link #contains(Exchange, String)} puts it in {@link #FIRST_NOTIFICATION_ID}.
 * <p>
 * The entry is handed to the pipeline as the record's {@link DoorReceipt} ({@link #attachReceipt}), which commits it
 * with the notification's outcome; it is written here, on its own, only when the pipeline recorded no outcome that
 * could carry it (a record answered from the key another notification holds).
 */
public class RecordLedger extends JdbcMessageIdRepository {

    /** Exchange property of a record taken before: the notification it was sent as the first time (may be null). */
    public static final String FIRST_NOTIFICATION_ID = "hsmDropFirstNotificationId";

    private final GroupCommit commits;
    private final NamedParameterJdbcTemplate reads;
    private final SqlFiles sql = new SqlFiles("drop-ledger");

    public RecordLedger(DataSource dataSource, GroupCommit commits, String processorName) {
        super(dataSource, processorName);
        this.commits = commits;
        this.reads = new NamedParameterJdbcTemplate(dataSource);
        setCreateTableIfNotExists(false); // Flyway V2 creates it
    }

    /** @return false if the record was taken before (its key is in the ledger already) */
    @Override
    public boolean add(String key) {
        return add(key, null);
    }

    /** Before the record ({@link DropFiles#RECORD}) goes to the sink: its ledger entry, for the pipeline to commit with the outcome. */
    public void attachReceipt(Exchange exchange) {
        String key = exchange.getProperty(DropFiles.RECORD, DropRecord.class).key();
        exchange.setProperty(Hsm.DOOR_RECEIPT, (DoorReceipt) notificationId ->
                new GroupCommit.Statement(sql.get("add-record-once"), row(key, notificationId)));
    }

    /** The record is done: its key goes in the ledger with the notification the sink's answer names. */
    @Override
    public boolean add(Exchange exchange, String key) {
        if (Boolean.TRUE.equals(exchange.getProperty(Hsm.RECEIPT_HANDLED, Boolean.class))) {
            return true; // written with the outcome (or, the record not sent, left out on purpose)
        }
        ApiResponse answer = exchange.getProperty(Hsm.RESPONSE, ApiResponse.class);
        return add(key, answer == null ? null : answer.notificationId());
    }

    /** A record taken before: true, with the notification it was sent as in {@link #FIRST_NOTIFICATION_ID}. */
    @Override
    public boolean contains(Exchange exchange, String key) {
        List<String> sentAs = reads.queryForList(sql.get("find-record"),
                Map.of("processorName", getProcessorName(), "messageId", key), String.class);
        if (sentAs.isEmpty()) {
            return false;
        }
        exchange.setProperty(FIRST_NOTIFICATION_ID, sentAs.get(0));
        return true;
    }

    private Map<String, Object> row(String key, String notificationId) {
        Map<String, Object> row = new HashMap<>();
        row.put("processorName", getProcessorName());
        row.put("messageId", key);
        row.put("createdAt", new Timestamp(System.currentTimeMillis()));
        row.put("notificationId", notificationId);
        return row;
    }

    private boolean add(String key, String notificationId) {
        try {
            commits.write(sql.get("add-record"), row(key, notificationId));
            return true;
        } catch (SQLException refused) {
            if (GroupCommit.isDuplicateKey(refused)) {
                return false;
            }
            throw new IllegalStateException("Could not add record " + key + " to the ledger: " + refused.getMessage(), refused);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while adding record " + key + " to the ledger", e);
        }
    }
}

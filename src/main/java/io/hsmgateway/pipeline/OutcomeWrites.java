package io.hsmgateway.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.hsmgateway.Hsm;
import io.hsmgateway.pipeline.outcome.NotificationRecords;
import io.hsmgateway.pipeline.outcome.ResponseWriter;
import io.hsmgateway.storage.GroupCommit;
import io.hsmgateway.storage.SqlFiles;
import org.apache.camel.Exchange;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A notification's outcome and what belongs with it, written in one commit through the {@link GroupCommit}: the
 * status record (updated, or inserted when the notification ended before its first call), the answer stored for its
 * idempotency key (or the key released), and the door's receipt ({@link DoorReceipt}: a drop file's ledger entry).
 * Each was a commit of its own before; together they are on disk all or none, and a door's event costs what a REST
 * request costs.
 */
public class OutcomeWrites {

    public static final String BEAN_NAME = "outcomeWrites";

    private static final SqlFiles SQL = new SqlFiles("");

    private final GroupCommit commits;
    private final NotificationRecords records;
    private final ResponseWriter answers;
    private final IdempotencyKeys idempotencyKeys;

    public OutcomeWrites(GroupCommit commits, NotificationRecords records, ResponseWriter answers,
                         IdempotencyKeys idempotencyKeys) {
        this.commits = commits;
        this.records = records;
        this.answers = answers;
        this.idempotencyKeys = idempotencyKeys;
    }

    /** Records {@link Hsm#OUTCOME}; returns once committed. */
    public void record(Exchange exchange) throws SQLException, InterruptedException, JsonProcessingException {
        boolean recorded = Boolean.TRUE.equals(exchange.getProperty(Hsm.RECORDED, Boolean.class));
        List<GroupCommit.Statement> together = new ArrayList<>(3);
        together.add(new GroupCommit.Statement(SQL.get(recorded ? "update-notification" : "insert-notification"),
                records.outcome(exchange)));
        DoorReceipt receipt = exchange.getProperty(Hsm.DOOR_RECEIPT, DoorReceipt.class);
        boolean claimed = Boolean.TRUE.equals(exchange.getProperty(Hsm.IDEMPOTENCY_CLAIMED, Boolean.class));
        if (claimed) {
            ResponseWriter.Answer answer = answers.answer(exchange);
            together.add(idempotencyKeys.answerStored(exchange, answer.response(), answer.json()));
            // the event is done once its notification was (or may have been) sent; a replay of one that was not
            // tries again. Never under a key another notification holds (not claimed here): the door sees to that
            if (receipt != null && IdempotencyKeys.mayHaveBeenSent(answer.response())) {
                together.add(receipt.statement(exchange.getProperty(Hsm.NOTIFICATION_ID, String.class)));
            }
        }
        commits.writeTogether(together);
        if (claimed && receipt != null) {
            exchange.setProperty(Hsm.RECEIPT_HANDLED, true);
        }
    }
}

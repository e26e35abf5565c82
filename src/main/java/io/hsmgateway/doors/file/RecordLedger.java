package io.hsmgateway.doors.file;

import io.hsmgateway.storage.GroupCommit;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Map;

/**
 * The drop folders' ledger of records already taken (Camel's JDBC idempotent repository, table
 * {@code CAMEL_MESSAGEPROCESSED}), whose additions ride on the notifications' {@link GroupCommit}: records of a
 * file run side by side, and each addition is still committed before its record is reported.
 */
public class RecordLedger extends JdbcMessageIdRepository {

    private static final String INSERT = "INSERT INTO CAMEL_MESSAGEPROCESSED (processorName, messageId, createdAt) "
            + "VALUES (:processorName, :messageId, :createdAt)";

    private final GroupCommit commits;

    public RecordLedger(DataSource dataSource, GroupCommit commits, String processorName) {
        super(dataSource, processorName);
        this.commits = commits;
        setCreateTableIfNotExists(false); // Flyway V2 creates it
    }

    /** @return false if the record was taken before (its key is in the ledger already) */
    @Override
    public boolean add(String key) {
        try {
            commits.write(INSERT, Map.of("processorName", getProcessorName(), "messageId", key,
                    "createdAt", new Timestamp(System.currentTimeMillis())));
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

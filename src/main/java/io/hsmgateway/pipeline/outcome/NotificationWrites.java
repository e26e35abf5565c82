package io.hsmgateway.pipeline.outcome;

import io.hsmgateway.storage.GroupCommit;
import io.hsmgateway.storage.SqlFiles;
import org.apache.camel.Body;

import java.sql.SQLException;
import java.util.Map;

/**
 * A notification's status record, written on the hot path (PENDING before the Cloud API call, the outcome
 * before the answer) through one {@link GroupCommit}: each write is committed before its caller goes on, and
 * concurrent notifications share commits. The statements are the sql/ files camel-sql ran before.
 */
public class NotificationWrites {

    public static final String BEAN_NAME = "notificationWrites";

    private static final SqlFiles SQL = new SqlFiles("");

    private final GroupCommit commits;

    public NotificationWrites(GroupCommit commits) {
        this.commits = commits;
    }

    /** The row, from {@link NotificationRecords#pending} or (a refusal recorded at once) {@link NotificationRecords#outcome}. */
    public void insert(@Body Map<String, Object> row) throws SQLException, InterruptedException {
        commits.write(SQL.get("insert-notification"), row);
    }

    /** The outcome of a notification recorded before, from {@link NotificationRecords#outcome}. */
    public void update(@Body Map<String, Object> row) throws SQLException, InterruptedException {
        commits.write(SQL.get("update-notification"), row);
    }
}

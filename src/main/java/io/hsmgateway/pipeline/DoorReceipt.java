package io.hsmgateway.pipeline;

import io.hsmgateway.storage.GroupCommit;

/**
 * A door's own record that an event is done (the drop folders' ledger entry), handed to the pipeline as
 * {@link io.hsmgateway.Hsm#DOOR_RECEIPT}: it is committed with the notification's outcome when the notification was,
 * or may have been, sent, so the two cost one commit and are never on disk one without the other. The pipeline then
 * sets {@link io.hsmgateway.Hsm#RECEIPT_HANDLED}; a door finds it unset when the pipeline recorded no outcome of its
 * own (a refused caller, a key another notification holds) and writes the receipt itself if it wants one.
 */
@FunctionalInterface
public interface DoorReceipt {

    /**
     * @param notificationId the notification the event was sent as
     * @return the write; it must change nothing, and not fail, if the receipt is there already
     */
    GroupCommit.Statement statement(String notificationId);
}

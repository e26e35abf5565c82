package io.hsmgateway.doors.file;

import org.apache.camel.Exchange;
import org.apache.camel.component.file.FileComponent;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.spi.Synchronization;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Predicate;

/**
 * Camel's completion of a dropped file (it moves the file to {@code .done/}, or to {@code .error/} when the file's
 * exchange failed), except when the gateway stopped in the middle of the file. Then the file stays where it was
 * dropped, unreported, and only its lock is released, so the next start (of this node or another) takes it again:
 * the records that were done are in the ledger (reported {@code DUPLICATE}, each with its notification), the rest are
 * sent. Moved to {@code .error/} as a failed file, as Camel would, nothing would ever send the rest or report any of it.
 * <p>
 * Stopped mid-file: the records ended early (a graceful stop: the records begun were finished), or the file's exchange
 * failed while the gateway was stopping (the stop's deadline passed with calls still in flight).
 */
final class MoveUnlessStopped implements Synchronization {

    private static final Logger LOG = LoggerFactory.getLogger(MoveUnlessStopped.class);

    private final Synchronization move;
    private final Predicate<Exchange> endedEarly;

    /**
     * @param move       the file consumer's own completion
     * @param endedEarly whether the file's records ended before the file did
     */
    MoveUnlessStopped(Synchronization move, Predicate<Exchange> endedEarly) {
        this.move = move;
        this.endedEarly = endedEarly;
    }

    @Override
    public void onComplete(Exchange exchange) {
        if (endedEarly.test(exchange)) {
            keepForNextStart(exchange);
        } else {
            move.onComplete(exchange);
        }
    }

    @Override
    public void onFailure(Exchange exchange) {
        if (exchange.getContext().isStopping() || endedEarly.test(exchange)) {
            keepForNextStart(exchange);
        } else {
            move.onFailure(exchange);
        }
    }

    /** What the consumer's completion does but the move: the file is no longer in progress here, and its lock is released. */
    private static void keepForNextStart(Exchange exchange) {
        GenericFile<?> file = exchange.getProperty(FileComponent.FILE_EXCHANGE_FILE, GenericFile.class);
        String key = file.getAbsoluteFilePath();
        GenericFileEndpoint<?> endpoint = (GenericFileEndpoint<?>) exchange.getFromEndpoint();
        try {
            endpoint.getInProgressRepository().remove(key);
            if (endpoint.getExclusiveReadLockStrategy() instanceof SftpDropLock lock) {
                lock.release(exchange, key);
            } else if (endpoint.getIdempotentRepository() != null) {
                endpoint.getIdempotentRepository().remove(exchange, key);
            }
        } catch (RuntimeException e) {
            // the lock then lapses (hsm.inbox.lock-expires-ms) and the next start takes the file after that
            LOG.warn("Could not release the lock of {} ({}): it is taken again once the lock lapses", key, e.getMessage());
        }
        RecordSource records = exchange.getProperty(DropFiles.RECORDS, RecordSource.class);
        LOG.info("Stopping: {} stays where it was dropped, for the next start; its first {} records were taken (the next "
                + "start reports them DUPLICATE, each with its notification, and sends the rest)",
                exchange.getProperty(DropFiles.PATH), records == null ? 0 : records.handedOut());
    }
}

package io.hsmgateway.doors.file;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.BooleanSupplier;

/**
 * Reads one request at a time from an open file: the splitter streams it, so a file is never held in
 * memory whole. Closeable so the splitter (or the exchange's completion) releases the file. Subclasses
 * only say how to read the next record of their format.
 */
abstract class RecordSource implements Iterator<DropRecord>, Closeable {

    private DropRecord next;
    /** The file's end was reached or the source closed: the splitter may still ask after that. */
    private boolean ended;
    /** Asked before each record: true ends the records there, the rest of the file unread. */
    private BooleanSupplier endEarly = () -> false;
    private volatile boolean endedEarly;
    /** Read once the splitter is done with the source (or, for a log line, while it still runs). */
    private long handedOut;

    /** @return the next record, or null at the end of the file */
    protected abstract DropRecord read() throws IOException;

    /** Releases the underlying reader or parser. */
    protected abstract void release() throws IOException;

    /** The records end, before the file does, once {@code condition} holds (the gateway is stopping). */
    final void endEarlyWhen(BooleanSupplier condition) {
        endEarly = condition;
    }

    /** The records ended before the file did ({@link #endEarlyWhen}): the rest of it was not read. */
    final boolean endedEarly() {
        return endedEarly;
    }

    /** Records handed out so far. */
    final long handedOut() {
        return handedOut;
    }

    @Override
    public final boolean hasNext() {
        if (!ended && next == null && endEarly.getAsBoolean()) {
            ended = true;
            endedEarly = true;
        }
        if (!ended && next == null) {
            try {
                next = read();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            ended = next == null;
        }
        return next != null;
    }

    @Override
    public final DropRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        DropRecord record = next;
        next = null;
        handedOut++;
        return record;
    }

    @Override
    public final void close() throws IOException {
        ended = true;
        next = null;
        release();
    }
}

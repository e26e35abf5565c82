package io.hsmgateway.doors.file;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Reads one request at a time from an open file: the splitter streams it, so a file is never held in
 * memory whole. Closeable so the splitter (or the exchange's completion) releases the file. Subclasses
 * only say how to read the next record of their format.
 */
abstract class RecordSource implements Iterator<DropRecord>, Closeable {

    private DropRecord next;
    /** The file's end was reached or the source closed: the splitter may still ask after that. */
    private boolean ended;

    /** @return the next record, or null at the end of the file */
    protected abstract DropRecord read() throws IOException;

    /** Releases the underlying reader or parser. */
    protected abstract void release() throws IOException;

    @Override
    public final boolean hasNext() {
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
        return record;
    }

    @Override
    public final void close() throws IOException {
        ended = true;
        next = null;
        release();
    }
}

package io.hsmgateway.doors.file;

import java.io.Closeable;
import java.util.Iterator;

/**
 * Reads one request at a time from an open file: the splitter streams it, so a file is never held in
 * memory whole. Closeable so the splitter (or the exchange's completion) releases the file.
 */
public interface RecordSource extends Iterator<DropRecord>, Closeable {
}

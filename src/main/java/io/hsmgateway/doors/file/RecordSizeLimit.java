package io.hsmgateway.doors.file;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;

/**
 * The reader a record parser reads a dropped file through: it fails as soon as one record has taken more
 * characters than a request may have bytes (a UTF-8 character is at least one byte). Without it a quote left
 * open (CSV, JSON) or a line that never ends (NDJSON) makes the parser gather the rest of the file into one
 * value, however large. The parser says where each record starts ({@link #startRecord}); what it buffered
 * ahead of that point is allowed for ({@link #READ_AHEAD}), so a record within the limit is never refused.
 */
final class RecordSizeLimit extends FilterReader {

    /** More than any parser here reads ahead: Commons CSV and BufferedReader 8192 characters, Jackson 4000. */
    static final int READ_AHEAD = 16 * 1024;

    private final int maxBytes;
    private long readSinceStart;
    private long record = 1;
    private long line = 1;

    RecordSizeLimit(Reader in, int maxBytes) {
        super(in);
        this.maxBytes = maxBytes;
    }

    /**
     * The previous record is complete; the next one (number {@code record}, 0 for a header) starts at {@code line}.
     */
    void startRecord(long record, long line) {
        this.record = record;
        this.line = line;
        readSinceStart = 0;
    }

    @Override
    public int read() throws IOException {
        int c = super.read();
        if (c != -1) {
            count(1);
        }
        return c;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        count(skipped);
        return skipped;
    }

    private void count(long n) throws RecordTooLargeException {
        readSinceStart += n;
        if (readSinceStart > maxBytes + READ_AHEAD) {
            throw new RecordTooLargeException((record == 0 ? "the header row" : "record " + record)
                    + " (from line " + line + ") is larger than " + maxBytes + " bytes, the size of one request ("
                    + DropLimits.MAX_RECORD_BYTES + "): is a quote left open, or a line break missing?");
        }
    }
}

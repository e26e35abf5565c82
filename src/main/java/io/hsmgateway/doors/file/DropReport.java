package io.hsmgateway.doors.file;

import io.hsmgateway.api.ApiResponse;
import io.hsmgateway.api.JoiError;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;

/**
 * The per-file report, in record order. Records run side by side and answer in any order: each line is appended
 * to a local temporary file as its record completes, and {@link #finish} copies the lines into record order (a
 * line's place is all that is kept in memory, 12 bytes a record, so a large file's report is never held in memory).
 * The door then stores the report beside the processed file.
 */
public class DropReport {

    static final String[] COLUMNS = {"record", "line", "destination", "code", "statusCode", "description", "notificationId"};
    public static final String DUPLICATE = "DUPLICATE";
    static final int DUPLICATE_STATUS = 409;
    /** Said of a file dropped again and of one resumed after a stop or a crash alike: the ledger cannot tell them apart. */
    static final String DUPLICATE_DESCRIPTION = "Already taken from this file or an identical one; not sent again.";
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT;

    /** The lines in the order records completed, after the header. */
    private final Path answers;
    private final OutputStream out;
    /** Formats one line at a time; {@link #text} is then written out and cleared. */
    private final StringBuilder text = new StringBuilder();
    private final CSVPrinter printer;
    private final int headerLength;
    private long written;
    /** By record number - 1: where its line starts in {@link #answers}, and its length (0: no line). */
    private long[] offsets = new long[1024];
    private int[] lengths = new int[1024];
    private long lastRecord;
    /** Every line so far came in record order: the answers are the report as they are. */
    private boolean inOrder = true;
    private Path sorted;

    DropReport(Path answers) throws IOException {
        this.answers = answers;
        this.out = new BufferedOutputStream(Files.newOutputStream(answers));
        this.printer = new CSVPrinter(text, FORMAT);
        printer.printRecord((Object[]) COLUMNS);
        this.headerLength = write();
    }

    static DropReport create() throws IOException {
        return new DropReport(DropScratch.create(".report.csv"));
    }

    synchronized void answered(DropRecord record, ApiResponse response) {
        line(record, response.code(), response.statusCode(), description(response), response.notificationId());
    }

    /** A refused body says why, as the REST caller reads it in result: its problems' messages after the description. */
    static String description(ApiResponse response) {
        if (response.result() instanceof List<?> problems && !problems.isEmpty()
                && problems.stream().allMatch(JoiError.class::isInstance)) {
            return response.description() + ": " + problems.stream().map(p -> ((JoiError) p).message())
                    .collect(java.util.stream.Collectors.joining("; "));
        }
        return response.description();
    }

    /** A record taken from an identical file before: not sent again; the notification it was sent as then, if known. */
    synchronized void duplicate(DropRecord record, String firstNotificationId) {
        line(record, DUPLICATE, DUPLICATE_STATUS, DUPLICATE_DESCRIPTION, firstNotificationId);
    }

    private void line(DropRecord record, String code, int statusCode, String description, String notificationId) {
        try {
            printer.printRecord(record.number(), record.line(), record.destination(), code, statusCode, description,
                    notificationId == null ? "" : notificationId);
            int index = Math.toIntExact(record.number() - 1);
            if (index >= offsets.length) {
                int size = Math.max(index + 1, offsets.length * 2);
                offsets = Arrays.copyOf(offsets, size);
                lengths = Arrays.copyOf(lengths, size);
            }
            inOrder &= record.number() == lastRecord + 1;
            lastRecord = Math.max(lastRecord, record.number());
            offsets[index] = written;
            lengths[index] = write();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes out what the printer formatted; returns its length in bytes. */
    private int write() throws IOException {
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        text.setLength(0);
        out.write(bytes);
        written += bytes.length;
        return bytes.length;
    }

    /** Closes the report, its lines in record order; its path is then ready to be stored. */
    synchronized Path finish() throws IOException {
        out.close();
        if (inOrder) {
            return answers;
        }
        sorted = DropScratch.create(".report.csv");
        try (FileChannel from = FileChannel.open(answers, StandardOpenOption.READ);
             OutputStream to = new BufferedOutputStream(Files.newOutputStream(sorted))) {
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            copy(from, 0, headerLength, buffer, to);
            for (int index = 0; index < lastRecord; index++) {
                if (lengths[index] > 0) {
                    buffer = copy(from, offsets[index], lengths[index], buffer, to);
                }
            }
        }
        return sorted;
    }

    /** Copies one line; returns the buffer, grown if the line needed it. */
    private static ByteBuffer copy(FileChannel from, long offset, int length, ByteBuffer buffer, OutputStream to)
            throws IOException {
        ByteBuffer line = buffer.capacity() >= length ? buffer : ByteBuffer.allocate(length);
        line.clear().limit(length);
        while (line.hasRemaining()) {
            if (from.read(line, offset + line.position()) < 0) {
                throw new IOException("the report's answers file ended early");
            }
        }
        to.write(line.array(), 0, length);
        return line;
    }

    synchronized void discard() {
        try {
            out.close();
        } catch (IOException ignored) {
            // the file is deleted next
        }
        delete(answers);
        if (sorted != null) {
            delete(sorted);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a temp file left behind is harmless
        }
    }
}

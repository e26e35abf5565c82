package io.hsmgateway.doors.file;

import io.hsmgateway.api.ApiResponse;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The per-file report, written line by line to a local temporary file as records complete (so a large
 * file's report is never held in memory either); the door then stores it beside the processed file.
 */
public class DropReport {

    static final String[] COLUMNS = {"record", "line", "destination", "code", "statusCode", "description", "notificationId"};
    public static final String DUPLICATE = "DUPLICATE";
    static final int DUPLICATE_STATUS = 409;
    static final String DUPLICATE_DESCRIPTION = "Already taken from an identical file; not sent again.";

    private final Path path;
    private final CSVPrinter printer;

    DropReport(Path path) throws IOException {
        this.path = path;
        BufferedWriter writer = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
        this.printer = new CSVPrinter(writer, CSVFormat.DEFAULT.builder().setHeader(COLUMNS).get());
    }

    static DropReport create() throws IOException {
        return new DropReport(Files.createTempFile("hsm-drop-", ".report.csv"));
    }

    synchronized void answered(DropRecord record, ApiResponse response) {
        line(record, response.code(), response.statusCode(), response.description(), response.notificationId());
    }

    synchronized void duplicate(DropRecord record) {
        line(record, DUPLICATE, DUPLICATE_STATUS, DUPLICATE_DESCRIPTION, null);
    }

    private void line(DropRecord record, String code, int statusCode, String description, String notificationId) {
        try {
            printer.printRecord(record.number(), record.line(), record.destination(), code, statusCode, description,
                    notificationId == null ? "" : notificationId);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Flushes and closes the report; its path is then ready to be stored. */
    synchronized Path finish() throws IOException {
        printer.close(true);
        return path;
    }

    void discard() {
        try {
            printer.close();
        } catch (IOException ignored) {
            // the file is deleted next
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // a temp file left behind is harmless
        }
    }
}

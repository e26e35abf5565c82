package io.hsmgateway.doors.file;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.NoSuchElementException;

/**
 * NDJSON / JSON Lines: one request per line, blank lines skipped. A line that is not valid JSON is a bad
 * record (the pipeline answers INVALID_BODY for it), not a bad file.
 */
final class NdjsonRecords implements RecordSource {

    private final BufferedReader reader;
    private final ObjectMapper json;
    private final DropFile file;
    private long line;
    private long number;
    private DropRecord next;
    private boolean closed;

    NdjsonRecords(Reader reader, DropFile file, ObjectMapper json) {
        this.reader = new BufferedReader(reader);
        this.file = file;
        this.json = json;
    }

    @Override
    public boolean hasNext() {
        if (closed) {
            return false;
        }
        if (next == null) {
            next = read();
        }
        return next != null;
    }

    @Override
    public DropRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        DropRecord record = next;
        next = null;
        return record;
    }

    private DropRecord read() {
        try {
            String text;
            while ((text = reader.readLine()) != null) {
                line++;
                if (!text.isBlank()) {
                    number++;
                    return new DropRecord(number, line, destinationOf(text), text, file.recordKey(number));
                }
            }
            closed = true; // the end: the splitter may still ask, after closing the reader
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String destinationOf(String text) {
        try {
            return json.readTree(text).path("destination").asText("");
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        reader.close();
    }
}

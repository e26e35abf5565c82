package io.hsmgateway.doors.file;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;

/**
 * NDJSON / JSON Lines: one request per line, blank lines skipped. A line that is not valid JSON is a bad
 * record (the pipeline answers INVALID_BODY for it), not a bad file.
 */
final class NdjsonRecords extends RecordSource {

    private final BufferedReader reader;
    private final ObjectMapper json;
    private final DropFile file;
    private long line;
    private long number;

    NdjsonRecords(Reader reader, DropFile file, ObjectMapper json) {
        this.reader = new BufferedReader(reader);
        this.file = file;
        this.json = json;
    }

    @Override
    protected DropRecord read() throws IOException {
        String text;
        while ((text = reader.readLine()) != null) {
            line++;
            if (!text.isBlank()) {
                number++;
                return new DropRecord(number, line, destinationOf(text), text, file.recordKey(number));
            }
        }
        return null;
    }

    private String destinationOf(String text) {
        try {
            return json.readTree(text).path("destination").asText("");
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    protected void release() throws IOException {
        reader.close();
    }
}

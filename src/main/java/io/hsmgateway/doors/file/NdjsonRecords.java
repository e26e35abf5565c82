package io.hsmgateway.doors.file;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;

/**
 * NDJSON / JSON Lines: one request per line, blank lines skipped. A line that is not valid JSON is a bad
 * record (the pipeline answers INVALID_BODY for it), not a bad file.
 */
final class NdjsonRecords extends RecordSource {

    private final RecordSizeLimit limit;
    private final BufferedReader reader;
    private final ObjectMapper json;
    private final DropFile file;
    private long line;
    private long number;

    NdjsonRecords(RecordSizeLimit reader, DropFile file, ObjectMapper json) {
        this.limit = reader;
        this.reader = new BufferedReader(reader);
        this.file = file;
        this.json = json;
    }

    @Override
    protected DropRecord read() throws IOException {
        while (true) {
            limit.startRecord(number + 1, line + 1);
            String text = reader.readLine();
            if (text == null) {
                return null;
            }
            line++;
            if (!text.isBlank()) {
                number++;
                return new DropRecord(number, line, destinationOf(text), text, file.recordKey(number));
            }
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
    protected void release() throws IOException {
        reader.close();
    }
}

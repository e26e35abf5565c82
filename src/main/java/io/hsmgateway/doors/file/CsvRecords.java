package io.hsmgateway.doors.file;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * CSV requests (Commons CSV): a header row naming {@code templateId}, {@code destination}, optional
 * {@code media.link} and {@code media.filename}, and one {@code params.<variable>} column per variable.
 * Each row becomes the request JSON the REST door would have received.
 */
final class CsvRecords extends RecordSource {

    static final String TEMPLATE_ID = "templateId";
    static final String DESTINATION = "destination";
    static final String MEDIA_LINK = "media.link";
    static final String MEDIA_FILENAME = "media.filename";
    static final String PARAMS = "params.";

    private final RecordSizeLimit reader;
    private final CSVParser parser;
    private final Iterator<CSVRecord> rows;
    private final ObjectMapper json;
    private final DropFile file;
    private final List<String> columns;
    private final int destinationColumn;
    private long number;

    CsvRecords(RecordSizeLimit reader, DropFile file, ObjectMapper json) throws IOException, UnreadableFileException {
        this.reader = reader;
        this.file = file;
        this.json = json;
        // empty lines are kept (and skipped below) so that line numbers stay exact
        CSVFormat format = CSVFormat.DEFAULT.builder()
                .setDelimiter(file.delimiter())
                .setHeader()
                .setSkipHeaderRecord(true)
                .setAllowMissingColumnNames(true)
                .setIgnoreEmptyLines(false)
                .get();
        reader.startRecord(0, 1);
        try {
            this.parser = CSVParser.builder().setReader(reader).setFormat(format).get();
            this.rows = parser.iterator();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (IllegalArgumentException e) { // e.g. a column named twice
            throw new UnreadableFileException("the header row cannot be read: " + Excerpt.of(e.getMessage()));
        }
        this.columns = parser.getHeaderNames().stream().map(String::trim).toList();
        checkHeader(columns);
        this.destinationColumn = columns.indexOf(DESTINATION);
    }

    /** A file without the two required columns has no header at all, as far as we can tell. */
    private static void checkHeader(List<String> columns) throws UnreadableFileException {
        if (!columns.contains(TEMPLATE_ID) || !columns.contains(DESTINATION)) {
            throw new UnreadableFileException("no header row: the first line must name the columns "
                    + TEMPLATE_ID + " and " + DESTINATION + " (found " + Excerpt.of(columns) + ")");
        }
        List<String> unknown = new ArrayList<>();
        for (String column : columns) {
            boolean known = column.isEmpty() || column.equals(TEMPLATE_ID) || column.equals(DESTINATION)
                    || column.equals(MEDIA_LINK) || column.equals(MEDIA_FILENAME)
                    || (column.startsWith(PARAMS) && column.length() > PARAMS.length());
            if (!known) {
                unknown.add(column);
            }
        }
        if (!unknown.isEmpty()) {
            throw new UnreadableFileException("unknown column(s) " + Excerpt.of(unknown) + ": expected " + TEMPLATE_ID + ", "
                    + DESTINATION + ", " + MEDIA_LINK + ", " + MEDIA_FILENAME + " and " + PARAMS + "<variable>");
        }
    }

    /** Delimiter of the header line: whichever of ; and , occurs more often outside quotes. */
    static char detectDelimiter(String headerLine) {
        int commas = 0;
        int semicolons = 0;
        boolean quoted = false;
        for (char c : headerLine.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == ',') {
                commas++;
            } else if (!quoted && c == ';') {
                semicolons++;
            }
        }
        return semicolons > commas ? ';' : ',';
    }

    @Override
    protected DropRecord read() throws IOException {
        try {
            while (true) {
                long startLine = parser.getCurrentLineNumber() + 1;
                reader.startRecord(number + 1, startLine);
                if (!rows.hasNext()) { // reads the next record: line numbers are taken just before
                    return null;
                }
                CSVRecord row = rows.next();
                if (row.size() == 1 && row.get(0).isEmpty()) {
                    continue; // an empty line
                }
                number++;
                String destination = destinationColumn < row.size() ? row.get(destinationColumn) : "";
                return new DropRecord(number, startLine, destination, json.writeValueAsString(request(row)),
                        file.recordKey(number));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (IllegalStateException e) { // Commons CSV's wrapper of a syntax error
            throw new UncheckedIOException(new IOException(e.getCause() != null ? e.getCause().getMessage() : e.getMessage(), e));
        }
    }

    private ObjectNode request(CSVRecord row) {
        ObjectNode request = json.createObjectNode();
        ObjectNode params = json.createObjectNode();
        ObjectNode media = json.createObjectNode();
        for (int i = 0; i < columns.size() && i < row.size(); i++) {
            String column = columns.get(i);
            String value = row.get(i);
            switch (column) {
                case "" -> { }
                case TEMPLATE_ID -> request.put(TEMPLATE_ID, value);
                case DESTINATION -> request.put(DESTINATION, value);
                case MEDIA_LINK -> putIfPresent(media, "link", value);
                case MEDIA_FILENAME -> putIfPresent(media, "filename", value);
                default -> params.put(column.substring(PARAMS.length()), value);
            }
        }
        request.set("params", params);
        if (media.has("link") || media.has("filename")) {
            request.set("media", media);
        }
        return request;
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (!value.isEmpty()) {
            node.put(field, value);
        }
    }

    @Override
    protected void release() throws IOException {
        parser.close();
    }
}

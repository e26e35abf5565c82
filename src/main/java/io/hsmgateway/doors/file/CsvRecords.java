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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * CSV requests (Commons CSV). Each row becomes the request JSON the REST door would have received. The header row
 * names the columns:
 * <ul>
 *   <li>{@code templateId} and {@code destination} (required);</li>
 *   <li>{@code media.link}, {@code media.filename}: the request's {@code media} (left out when both cells are empty);</li>
 *   <li>{@code location.latitude}, {@code location.longitude}, {@code location.name}, {@code location.address}: the
 *       request's {@code location}, for a LOCATION header, with the row's non-empty cells (left out when all are empty);</li>
 *   <li>{@code params.<name>}: params key {@code <name>} verbatim, so every name of the template's layout has its
 *       column: {@code params.name}, {@code params.1}, {@code params.header.order}, {@code params.button.0},
 *       {@code params.offer.expiration_time_ms};</li>
 *   <li>a typed body parameter, recognised only by these exact suffixes: {@code params.<name>.currency.fallback_value},
 *       {@code params.<name>.currency.code}, {@code params.<name>.currency.amount_1000} and
 *       {@code params.<name>.date_time.fallback_value} give params {@code <name>} as {@code {"currency": {...}}} or
 *       {@code {"date_time": {...}}}, with the row's non-empty cells (the pipeline names a missing field).
 *       {@code amount_1000} is written as a JSON integer when it is one, otherwise as given, for the pipeline to
 *       refuse. Meta's variable names have no dots, so such a column never hides a variable's own name.</li>
 * </ul>
 * A value given two ways (a name's {@code params.<name>} column and typed columns, or currency and date_time columns
 * for one name) makes the header unreadable: which one the row means cannot be told.
 */
final class CsvRecords extends RecordSource {

    static final String TEMPLATE_ID = "templateId";
    static final String DESTINATION = "destination";
    static final String MEDIA_LINK = "media.link";
    static final String MEDIA_FILENAME = "media.filename";
    static final String PARAMS = "params.";
    static final String LOCATION = "location.";
    static final List<String> LOCATION_FIELDS = List.of("latitude", "longitude", "name", "address");
    /** A typed body parameter's columns by suffix: its type, then its field. */
    static final List<String> TYPED_SUFFIXES = List.of(".currency.fallback_value", ".currency.code",
            ".currency.amount_1000", ".date_time.fallback_value");
    private static final String AMOUNT = "amount_1000";
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,18}");

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
        Map<String, String> typeByName = new LinkedHashMap<>();
        List<String> plainNames = new ArrayList<>();
        List<String> twice = new ArrayList<>();
        for (String column : columns) {
            boolean known = column.isEmpty() || column.equals(TEMPLATE_ID) || column.equals(DESTINATION)
                    || column.equals(MEDIA_LINK) || column.equals(MEDIA_FILENAME)
                    || (column.startsWith(LOCATION) && LOCATION_FIELDS.contains(column.substring(LOCATION.length())))
                    || (column.startsWith(PARAMS) && column.length() > PARAMS.length());
            if (!known) {
                unknown.add(column);
            } else if (column.startsWith(PARAMS)) {
                Typed typed = Typed.of(column);
                if (typed == null) {
                    plainNames.add(column.substring(PARAMS.length()));
                } else {
                    String other = typeByName.putIfAbsent(typed.name(), typed.type());
                    if (other != null && !other.equals(typed.type())) {
                        twice.add(PARAMS + typed.name());
                    }
                }
            }
        }
        if (!unknown.isEmpty()) {
            throw new UnreadableFileException("unknown column(s) " + Excerpt.of(unknown) + ": expected " + TEMPLATE_ID + ", "
                    + DESTINATION + ", " + MEDIA_LINK + ", " + MEDIA_FILENAME + ", " + LOCATION + "latitude|longitude|name|address, "
                    + PARAMS + "<name> and, for a typed body parameter, " + PARAMS + "<name>.currency.fallback_value|code|amount_1000"
                    + " or " + PARAMS + "<name>.date_time.fallback_value");
        }
        plainNames.stream().filter(typeByName::containsKey).map(name -> PARAMS + name).forEach(twice::add);
        if (!twice.isEmpty()) {
            throw new UnreadableFileException("params given two ways " + Excerpt.of(twice.stream().distinct().toList())
                    + ": a name has either its " + PARAMS + "<name> column or the typed columns of one type"
                    + " (currency or date_time), not both");
        }
    }

    /** A typed body parameter's column: {@code params.<name>.<type>.<field>} by one of {@link #TYPED_SUFFIXES}. */
    private record Typed(String name, String type, String field) {

        static Typed of(String column) {
            for (String suffix : TYPED_SUFFIXES) {
                if (column.startsWith(PARAMS) && column.endsWith(suffix)
                        && column.length() > PARAMS.length() + suffix.length()) {
                    int dot = suffix.indexOf('.', 1);
                    return new Typed(column.substring(PARAMS.length(), column.length() - suffix.length()),
                            suffix.substring(1, dot), suffix.substring(dot + 1));
                }
            }
            return null;
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
        ObjectNode location = json.createObjectNode();
        for (int i = 0; i < columns.size() && i < row.size(); i++) {
            String column = columns.get(i);
            String value = row.get(i);
            switch (column) {
                case "" -> { }
                case TEMPLATE_ID -> request.put(TEMPLATE_ID, value);
                case DESTINATION -> request.put(DESTINATION, value);
                case MEDIA_LINK -> putIfPresent(media, "link", value);
                case MEDIA_FILENAME -> putIfPresent(media, "filename", value);
                default -> {
                    if (column.startsWith(LOCATION)) {
                        putIfPresent(location, column.substring(LOCATION.length()), value);
                    } else {
                        Typed typed = Typed.of(column);
                        if (typed == null) {
                            params.put(column.substring(PARAMS.length()), value);
                        } else {
                            typedValue(params, typed, value);
                        }
                    }
                }
            }
        }
        request.set("params", params);
        if (!media.isEmpty()) {
            request.set("media", media);
        }
        if (!location.isEmpty()) {
            request.set("location", location);
        }
        return request;
    }

    /** Adds a typed cell to its param's {"currency": {...}} or {"date_time": {...}}, made on its first column. */
    private void typedValue(ObjectNode params, Typed typed, String value) {
        ObjectNode fields = params.has(typed.name())
                ? (ObjectNode) params.get(typed.name()).get(typed.type())
                : params.putObject(typed.name()).putObject(typed.type());
        if (value.isEmpty()) {
            return;
        }
        if (typed.field().equals(AMOUNT) && INTEGER.matcher(value).matches()) {
            fields.put(AMOUNT, Long.parseLong(value));
        } else {
            fields.put(typed.field(), value);
        }
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

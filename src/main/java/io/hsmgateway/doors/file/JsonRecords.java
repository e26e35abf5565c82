package io.hsmgateway.doors.file;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;

/**
 * A JSON file: one request object, or an array of them read element by element (Jackson's streaming
 * parser), so a large array is never held whole. An element that is not an object is still a record:
 * the pipeline rejects it like the REST door would.
 */
final class JsonRecords extends RecordSource {

    private final RecordSizeLimit reader;
    private final JsonParser parser;
    private final ObjectMapper json;
    private final DropFile file;
    private final boolean array;
    private long number;

    JsonRecords(RecordSizeLimit reader, DropFile file, ObjectMapper json) throws IOException, UnreadableFileException {
        this.reader = reader;
        this.json = json;
        this.file = file;
        this.parser = json.getFactory().createParser(reader);
        JsonToken first = parser.nextToken();
        if (first != JsonToken.START_ARRAY && first != JsonToken.START_OBJECT) {
            parser.close();
            throw new UnreadableFileException("not JSON: a .json file holds one request object or an array of them");
        }
        this.array = first == JsonToken.START_ARRAY;
    }

    @Override
    protected DropRecord read() throws IOException {
        reader.startRecord(number + 1, parser.currentLocation().getLineNr()); // what precedes it counts too
        if (array && parser.nextToken() == JsonToken.END_ARRAY || !array && number == 1) {
            if (parser.nextToken() != null) {
                throw new JsonParseException(parser, "more after the " + (array ? "array" : "request object")
                        + " (a .json file holds one request object or one array of them)");
            }
            return null;
        }
        long line = parser.currentTokenLocation().getLineNr();
        reader.startRecord(number + 1, line);
        JsonNode node = json.readTree(parser);
        number++;
        return new DropRecord(number, line, node.path("destination").asText(""), json.writeValueAsString(node),
                file.recordKey(number));
    }

    @Override
    protected void release() throws IOException {
        parser.close();
    }
}

package io.hsmgateway.doors.file;

/**
 * One request read from a dropped file.
 *
 * @param number      1-based position among the file's records
 * @param line        line of the file the record starts on
 * @param destination the destination as written in the file, for the report
 * @param json        the request JSON handed to the pipeline (the text as found, when it is not valid JSON)
 * @param key         idempotency key: website + file content + record number
 */
public record DropRecord(long number, long line, String destination, String json, String key) {
}

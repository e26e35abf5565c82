package io.hsmgateway.doors.file;

import java.util.Locale;
import java.util.Optional;

/** The request file formats a drop folder accepts, told apart by the file's extension. */
public enum DropFormat {
    /** Header row, then one request per record; {@code ,} or {@code ;} separated. */
    CSV,
    /** One request object, or an array of them. */
    JSON,
    /** One request object per line ({@code .ndjson} or {@code .jsonl}). */
    NDJSON;

    /** Matches the names a door picks up; keep in step with {@link #of(String)}. */
    public static final String INCLUDE = "(?i).*\\.(csv|json|ndjson|jsonl)";

    public static Optional<DropFormat> of(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return Optional.of(CSV);
        }
        if (name.endsWith(".json")) {
            return Optional.of(JSON);
        }
        if (name.endsWith(".ndjson") || name.endsWith(".jsonl")) {
            return Optional.of(NDJSON);
        }
        return Optional.empty();
    }
}

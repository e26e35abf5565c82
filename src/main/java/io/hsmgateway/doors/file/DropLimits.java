package io.hsmgateway.doors.file;

/**
 * How much of a dropped file the doors will read: one record at most {@code maxRecordBytes} (the one size
 * limit for a request at every door, {@code hsm.request.max-bytes}), a whole file at most
 * {@code maxFileBytes} ({@code hsm.inbox.max-file-bytes}).
 */
public record DropLimits(int maxRecordBytes, long maxFileBytes) {

    public static final String MAX_RECORD_BYTES = "hsm.request.max-bytes";
    public static final String MAX_FILE_BYTES = "hsm.inbox.max-file-bytes";
}

package io.hsmgateway.doors.file;

import java.io.IOException;

/** A record grew past the size of one request: read no further, the file is refused whole. */
final class RecordTooLargeException extends IOException {

    RecordTooLargeException(String message) {
        super(message);
    }

    /** The exception itself, or the one a parser wrapped it in (Commons CSV wraps reader failures). */
    static RecordTooLargeException in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RecordTooLargeException tooLarge) {
                return tooLarge;
            }
        }
        return null;
    }
}

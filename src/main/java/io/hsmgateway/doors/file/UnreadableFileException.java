package io.hsmgateway.doors.file;

/** The file as a whole cannot be read as requests (encoding, header, syntax): nothing in it is sent. */
public class UnreadableFileException extends Exception {

    public UnreadableFileException(String reason) {
        super(reason);
    }
}

package io.hsmgateway.doors.file;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Dropped files are UTF-8, with or without a byte order mark; anything else is refused, not guessed. */
final class Utf8Files {

    private static final int BOM = '\uFEFF';

    private Utf8Files() {
    }

    /** A reader that fails (MalformedInputException) on bytes that are not UTF-8, past any BOM. */
    static Reader open(InputStream in) throws IOException {
        Reader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)), 64 * 1024);
        PushbackReader pushback = new PushbackReader(reader, 1);
        int first = pushback.read();
        if (first != -1 && first != BOM) {
            pushback.unread(first);
        }
        return pushback;
    }
}

package io.hsmgateway.doors.file;

/**
 * What an error note or a log line may quote of a dropped file: a short, single-line excerpt, so a note
 * never carries more than a glimpse of the content (nor of a file it should never have seen).
 */
final class Excerpt {

    static final int MAX_CHARS = 120;

    private Excerpt() {
    }

    static String of(Object quoted) {
        String text = String.valueOf(quoted).replaceAll("\\p{Cntrl}", " ");
        if (text.length() <= MAX_CHARS) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(MAX_CHARS - 1)) ? MAX_CHARS - 1 : MAX_CHARS;
        return text.substring(0, end) + "… (" + text.length() + " characters)";
    }
}

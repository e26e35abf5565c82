package io.hsmgateway.api;

import java.util.regex.Pattern;

/**
 * The one rule for every identifier in a path or a filter (websiteId, templateId, keyId, notificationId,
 * deadLetterId, callbackId), stated in openapi.json as {@code components.schemas.Identifier}: 1 to 64 of
 * {@code A-Z a-z 0-9 . _ ~ -}, not {@code .} or {@code ..} alone. Those are the characters a URL never escapes,
 * so an id is written into a path as it is (no {@code %2F} becoming a '/' in an id, no control character in a
 * stored id or a log line), and 64 is the columns' size (an id longer than that failed in the database: a 500).
 */
public final class Identifiers {

    public static final int MAX_LENGTH = 64;
    /** As in openapi.json (the JSON Schema's ECMA-262 and Java read it the same). */
    public static final String PATTERN = "^(?!\\.\\.?$)[A-Za-z0-9._~-]{1," + MAX_LENGTH + "}$";
    private static final Pattern RULE = Pattern.compile(PATTERN);
    /** Characters a description never carries: it is one line ("Cant find website x" matches ^Cant find .+$). */
    private static final Pattern UNPRINTABLE = Pattern.compile("[\\p{Cntrl}\\u0085\\u2028\\u2029]");
    /** How much of an id an answer repeats. */
    private static final int MAX_ECHO = 200;

    private Identifiers() {
    }

    public static boolean valid(String id) {
        return id != null && RULE.matcher(id).matches();
    }

    /** The id as an answer may repeat it: control characters and line separators as '?', at most 200 characters. */
    public static String echo(String id) {
        String shown = id == null ? "" : UNPRINTABLE.matcher(id).replaceAll("?");
        return shown.length() <= MAX_ECHO ? shown : shown.substring(0, MAX_ECHO) + "…";
    }
}

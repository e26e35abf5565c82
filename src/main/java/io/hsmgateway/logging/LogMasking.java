package io.hsmgateway.logging;

import org.slf4j.Marker;
import org.slf4j.MarkerFactory;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What no log line may carry, at any level: credentials (bearer tokens, api keys, the admin token, passwords, the
 * WhatsApp app secret and webhook verify token, callback secrets, HMAC signatures) and personal data (phone numbers,
 * template parameters). Applied to every line by {@link MaskedConverter};
 * libraries that dump whole requests (HTTP wire logs, bean arguments, broker messages) log through it too.
 */
public final class LogMasking {

    /** Marks the one line meant to show a secret: the sandbox's demo api key, printed once at first start. */
    public static final Marker SHOWN_ONCE = MarkerFactory.getMarker("HSM_SHOWN_ONCE");

    static final String MASK = "****";

    private record Rule(Pattern pattern, String replacement) {
        String apply(String text) {
            return pattern.matcher(text).replaceAll(replacement);
        }
    }

    private static final List<Rule> RULES = List.of(
            // "Authorization: Bearer x", "Bearer x" in a header dump or a toString
            new Rule(Pattern.compile("(?i)(bearer\\s+)[^\\s\"',;\\[\\]]+"), "$1" + MASK),
            // our api keys and the websites' callback secrets, wherever they show up
            new Rule(Pattern.compile("hsm_[A-Za-z0-9_-]{6,}"), "hsm_" + MASK),
            new Rule(Pattern.compile("hsmcb_[A-Za-z0-9_-]{6,}"), "hsmcb_" + MASK),
            // HMAC signatures (X-Hub-Signature-256, X-Hsm-Signature-256), also without their header's name: a valid one
            // would let anyone who reads the log replay the body it signs
            new Rule(Pattern.compile("(?i)\\b(sha256=)[0-9a-f]{16,}"), "$1" + MASK),
            // name=value, "name":"value", name: value, name -> value, "name with value: value" (Camel's
            // property logging) for names that hold credentials (app secret, verify token, signatures among them)
            new Rule(Pattern.compile("(?i)([\\w.-]*(?:api[-_.]?key|access[-_.]?token|token|password|passphrase|secret|signature|"
                    + "authorization|[._]key)[\\w.-]*[\"']?\\s*(?:[:=]|->|with value:)\\s*[\"']?)(?!\\*{4}|(?:bearer|basic)\\s)([^\\s\"',;{}\\[\\]]+)"),
                    "$1" + MASK),
            // template parameters: the request's "params" object, the Cloud API payload's "text" values,
            // and the same fields in a record's toString
            new Rule(Pattern.compile("(\"params\"\\s*:\\s*)\\{[^{}]*}"), "$1{" + MASK + "}"),
            new Rule(Pattern.compile("(\"text\"\\s*:\\s*\")(?:[^\"\\\\]|\\\\.)*\""), "$1" + MASK + "\""),
            new Rule(Pattern.compile("(\\b(?:text|params)=)[^,\\]}]*"), "$1" + MASK));

    // phone numbers (E.164 has 8 to 15 digits), kept recognisable by their last three digits; not digit runs
    // inside identifiers, addresses, decimals or UUIDs
    private static final Pattern PHONE = Pattern.compile("(?<![\\w.:/-])\\+?\\d{5,12}(\\d{3})(?![\\w-]|\\.\\d)");

    private LogMasking() {
    }

    public static String mask(String line) {
        if (line == null || line.isEmpty()) {
            return line;
        }
        String masked = line;
        for (Rule rule : RULES) {
            masked = rule.apply(masked);
        }
        Matcher phone = PHONE.matcher(masked);
        return phone.replaceAll(match -> Matcher.quoteReplacement(MASK + match.group(1)));
    }
}

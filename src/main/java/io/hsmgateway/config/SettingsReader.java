package io.hsmgateway.config;

import org.apache.camel.spi.PropertiesComponent;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads configuration keys with their types. A value that is missing or not of its type stops the start-up
 * with one line naming the key, the value and what is expected ({@code hsm.http.port=abc: expected a whole
 * number}), never a bare {@link NumberFormatException} nor a typo silently read as {@code false}.
 */
public final class SettingsReader {

    private final PropertiesComponent properties;

    public SettingsReader(PropertiesComponent properties) {
        this.properties = properties;
    }

    /** The trimmed value, or "" when the key is absent. */
    public String text(String key) {
        return properties.resolveProperty(key).map(String::trim).orElse("");
    }

    public String required(String key) {
        String value = text(key);
        if (value.isEmpty()) {
            throw new StartupFailure(key + " is required (empty or missing)");
        }
        return value;
    }

    /** A whole number, 0 or more (a key's 0 means "none" or "no limit"). */
    public long wholeNumber(String key) {
        return number(key, 0, Long.MAX_VALUE);
    }

    /** A whole number, 0 or more, that fits an int. */
    public int count(String key) {
        return (int) number(key, 0, Integer.MAX_VALUE);
    }

    /** A number of bytes, 1 or more: a size limit. */
    public long bytes(String key) {
        return number(key, 1, Long.MAX_VALUE);
    }

    /** A whole number, 1 or more: threads, attempts, connections. */
    public int positive(String key) {
        return (int) number(key, 1, Integer.MAX_VALUE);
    }

    /** A TCP port to listen on or connect to. */
    public int port(String key) {
        return (int) number(key, 1, 65535);
    }

    /** Whole numbers separated by commas (error codes); empty when the key is. */
    public Set<Integer> codes(String key) {
        String value = text(key);
        try {
            return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                    .map(Integer::valueOf).collect(Collectors.toUnmodifiableSet());
        } catch (NumberFormatException e) {
            throw invalid(key, value, "expected whole numbers separated by commas");
        }
    }

    /** {@code true} or {@code false} (any case); anything else is refused rather than read as false. */
    public boolean flag(String key) {
        String value = required(key).toLowerCase(Locale.ROOT);
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(key, text(key), "expected true or false");
        };
    }

    private long number(String key, long min, long max) {
        String value = required(key);
        long number;
        try {
            number = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw invalid(key, value, "expected a whole number");
        }
        if (number < min || number > max) {
            throw invalid(key, value, max == Long.MAX_VALUE
                    ? "expected a whole number, " + min + " or more"
                    : "expected a whole number from " + min + " to " + max);
        }
        return number;
    }

    private static StartupFailure invalid(String key, String value, String expected) {
        return new StartupFailure(key + "=" + value + ": " + expected);
    }
}

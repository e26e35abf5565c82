package io.hsmgateway.api;

import java.sql.Timestamp;

/** How the APIs show a database timestamp: ISO-8601 in UTC (2026-11-24T07:00:00.123Z), or null. */
public final class Timestamps {

    private Timestamps() {
    }

    public static String iso(Object timestamp) {
        return timestamp instanceof Timestamp t ? t.toInstant().toString() : null;
    }
}

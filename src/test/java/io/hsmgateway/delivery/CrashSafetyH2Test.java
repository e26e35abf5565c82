package io.hsmgateway.delivery;

import java.nio.file.Path;
import java.util.Map;

/** Crash safety on an H2 file database whose URL carries the settings, as the shipped configuration does. */
class CrashSafetyH2Test extends CrashSafetyContract {

    @Override
    Map<String, String> database(Path dir) {
        return Map.of("hsm.db.url", "jdbc:h2:file:" + dir.resolve("hsm") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;WRITE_DELAY=0");
    }
}

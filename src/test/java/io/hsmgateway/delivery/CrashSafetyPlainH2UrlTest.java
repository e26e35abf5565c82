package io.hsmgateway.delivery;

import java.nio.file.Path;
import java.util.Map;

/**
 * Crash safety on an H2 file database named by a plain URL, no options, as an operator moving the data
 * directory would write it (issue 7: with H2's default WRITE_DELAY a kill sent records twice).
 */
class CrashSafetyPlainH2UrlTest extends CrashSafetyContract {

    @Override
    Map<String, String> database(Path dir) {
        return Map.of("hsm.db.url", "jdbc:h2:file:" + dir.resolve("hsm"));
    }
}

package io.hsmgateway.retention;

import java.util.Map;

/** Retention on H2 (in memory, as the other H2 tests). */
class RetentionH2Test extends RetentionContract {

    @Override
    Map<String, String> database() {
        return Map.of();
    }
}

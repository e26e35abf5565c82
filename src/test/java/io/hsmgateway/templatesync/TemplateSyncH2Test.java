package io.hsmgateway.templatesync;

import java.util.Map;

/** The template sync on the embedded default database (H2 in PostgreSQL mode). */
class TemplateSyncH2Test extends TemplateSyncContract {

    @Override
    Map<String, String> database() {
        return Map.of();
    }
}

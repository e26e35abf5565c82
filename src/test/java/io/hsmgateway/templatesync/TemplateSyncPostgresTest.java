package io.hsmgateway.templatesync;

import io.hsmgateway.support.Postgres;

import java.util.Map;

/**
 * The template sync on PostgreSQL: the same SQL and migration must run unchanged. Skipped, saying why, when no
 * PostgreSQL answers (see {@link Postgres}).
 */
class TemplateSyncPostgresTest extends TemplateSyncContract {

    private Map<String, String> database;

    @Override
    Map<String, String> database() {
        if (database == null) {
            database = Postgres.freshSchema().properties();
        }
        return database;
    }
}

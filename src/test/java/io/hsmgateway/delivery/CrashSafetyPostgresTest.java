package io.hsmgateway.delivery;

import io.hsmgateway.support.Postgres;

import java.nio.file.Path;
import java.util.Map;

/** Crash safety on PostgreSQL, a fresh schema per test; skipped, saying why, when none answers. */
class CrashSafetyPostgresTest extends CrashSafetyContract {

    @Override
    Map<String, String> database(Path dir) {
        return Postgres.freshSchema().properties();
    }
}

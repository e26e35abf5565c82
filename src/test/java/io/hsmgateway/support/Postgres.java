package io.hsmgateway.support;

import org.junit.jupiter.api.Assumptions;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/**
 * A throw-away schema on the PostgreSQL named by HSM_TEST_PG_URL (default: the local server's
 * {@code test} database), dropped when the test JVM exits. When none answers, the calling test is
 * skipped with the reason, never passed.
 */
public final class Postgres {

    public static final String URL = System.getenv().getOrDefault("HSM_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String USER = System.getenv().getOrDefault("HSM_TEST_PG_USER", "postgres");
    public static final String PASSWORD = System.getenv().getOrDefault("HSM_TEST_PG_PASSWORD", "");

    private final String schema;
    /** A database on a server needs hsm.secrets.key (the gateway makes up none): one per schema. */
    private final String secretsKey = Gateway.newSecretsKey();

    private Postgres(String schema) {
        this.schema = schema;
    }

    /** Creates a new, empty schema, or skips the calling test when PostgreSQL does not answer. */
    public static Postgres freshSchema() {
        Postgres postgres = new Postgres("hsm_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
        try {
            postgres.execute("CREATE SCHEMA " + postgres.schema);
        } catch (SQLException e) {
            Assumptions.abort("PostgreSQL not reachable at " + URL + " as " + USER
                    + " (" + e.getMessage() + "): skipping the PostgreSQL run of this test");
        }
        Runtime.getRuntime().addShutdownHook(new Thread(postgres::dropQuietly, "drop-" + postgres.schema));
        return postgres;
    }

    public String schema() {
        return schema;
    }

    /** hsm.db.* overrides pointing at the schema, and the secrets key every gateway on it shares. */
    public Map<String, String> properties() {
        return Map.of(
                "hsm.db.url", URL + "?currentSchema=" + schema,
                "hsm.db.user", USER,
                "hsm.db.password", PASSWORD,
                "hsm.secrets.key", secretsKey);
    }

    private void dropQuietly() {
        try {
            execute("DROP SCHEMA " + schema + " CASCADE");
        } catch (SQLException e) {
            System.err.println("Could not drop test schema " + schema + ": " + e.getMessage());
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(URL + "?connectTimeout=3", USER, PASSWORD);
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}

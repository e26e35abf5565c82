package io.hsmgateway.secrets;

import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Access tokens at rest in an H2 file database, as shipped: the file itself holds no token either. */
class AccessTokensAtRestH2Test extends AccessTokensAtRestContract {

    @TempDir
    Path dir;

    @Override
    Map<String, String> freshDatabase() {
        return Map.of(
                "hsm.db.url", "jdbc:h2:file:" + dir.resolve("hsm")
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0",
                "hsm.db.user", "sa",
                "hsm.db.password", "");
    }

    /** The attack of the issue: read the database file's bytes (strings hsm.mv.db | grep EAAG). */
    @Override
    void afterStop(String token) throws Exception {
        byte[] file = Files.readAllBytes(dir.resolve("hsm.mv.db"));
        assertThat(new String(file, StandardCharsets.ISO_8859_1)).doesNotContain(token);
    }
}

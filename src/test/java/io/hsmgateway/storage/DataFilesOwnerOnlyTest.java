package io.hsmgateway.storage;

import io.hsmgateway.support.Gateway;
import io.hsmgateway.support.LogCapture;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What the gateway keeps on disk (H2 database, broker journal, secrets key) is its user's alone, whatever the
 * umask: another local user must not read the database file and its access tokens, api key hashes and requests.
 */
class DataFilesOwnerOnlyTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void posixOnly() {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"),
                "file permissions are POSIX's: nothing to check on this file system");
    }

    @Test
    void aFreshDataDirectoryAndTheFilesInItAreOwnerOnly() throws Exception {
        Path data = dir.resolve("data");
        Map<String, String> properties = onDisk(data);

        try (LogCapture logs = LogCapture.start(); Gateway gateway = Gateway.start(properties)) {
            assertThat(permissions(data)).isEqualTo("rwx------");
            assertThat(permissions(data.resolve("hsm.mv.db"))).isEqualTo("rw-------");
            assertThat(permissions(data.resolve("broker"))).isEqualTo("rwx------");
            assertThat(permissions(data.resolve("secrets.key"))).isEqualTo("rw-------");
            assertThat(Base64.getDecoder().decode(Files.readString(data.resolve("secrets.key")).trim())).hasSize(32);
            assertThat(logs.text()).contains("Generated the key that encrypts the websites' access tokens: "
                    + data.resolve("secrets.key").toAbsolutePath());
            try (var files = Files.list(data)) {
                files.forEach(file -> assertThat(permissions(file)).as(file.toString()).endsWith("------"));
            }
        }
    }

    @Test
    void anExistingDirectoryOpenToOthersIsReportedAndTheDatabaseFileRestricted() throws Exception {
        Path data = Files.createDirectory(dir.resolve("data"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        // a database an earlier version created with the umask's rw-r--r--
        Flyway.configure().dataSource("jdbc:h2:file:" + data.resolve("hsm")
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH", "sa", "")
                .locations("classpath:db/migration").target("8").load().migrate();
        Files.setPosixFilePermissions(data.resolve("hsm.mv.db"), PosixFilePermissions.fromString("rw-r--r--"));

        try (LogCapture logs = LogCapture.start(); Gateway gateway = Gateway.start(onDisk(data))) {
            assertThat(logs.text()).contains("WARN io.hsmgateway.storage.OwnerOnlyFiles - The database directory "
                    + data.toAbsolutePath() + " is rwxr-xr-x: other users may enter it");
            assertThat(permissions(data.resolve("hsm.mv.db"))).isEqualTo("rw-------");
            assertThat(permissions(data)).as("an existing directory is not changed").isEqualTo("rwxr-xr-x");
        }
    }

    /** The shipped layout under {@code data}: H2 file, broker journal and generated key file, no key configured. */
    private static Map<String, String> onDisk(Path data) {
        Map<String, String> properties = Gateway.defaults();
        properties.remove("hsm.secrets.key");
        properties.put("hsm.db.url", "jdbc:h2:file:" + data.resolve("hsm"));
        properties.put("hsm.jms.data-dir", data.resolve("broker").toString());
        properties.put("hsm.secrets.key-file", data.resolve("secrets.key").toString());
        return properties;
    }

    private static String permissions(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

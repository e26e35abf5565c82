package io.hsmgateway.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class H2UrlTest {

    static final String SHIPPED =
            "jdbc:h2:file:./data/hsm;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";

    @Test
    void aPlainFileUrlGetsEverySettingTheGatewayNeeds() {
        H2Url.Enforced enforced = H2Url.enforce("jdbc:h2:file:/var/lib/hsm/hsm");
        assertThat(enforced.url()).isEqualTo(
                "jdbc:h2:file:/var/lib/hsm/hsm;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
        assertThat(enforced.added()).containsExactly(
                "MODE=PostgreSQL", "DATABASE_TO_LOWER=TRUE", "DEFAULT_NULL_ORDERING=HIGH", "WRITE_DELAY=0", "DB_CLOSE_ON_EXIT=FALSE");
    }

    @Test
    void theShippedUrlIsLeftAsItIs() {
        H2Url.Enforced enforced = H2Url.enforce(SHIPPED);
        assertThat(enforced.url()).isEqualTo(SHIPPED);
        assertThat(enforced.added()).isEmpty();
    }

    @Test
    void onlyWhatIsMissingIsAddedAndTheOperatorsOtherSettingsStay() {
        H2Url.Enforced enforced = H2Url.enforce("jdbc:h2:./data/hsm;mode=postgresql;AUTO_SERVER=TRUE;database_to_lower=yes");
        assertThat(enforced.url()).isEqualTo(
                "jdbc:h2:./data/hsm;mode=postgresql;AUTO_SERVER=TRUE;database_to_lower=yes;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
        assertThat(enforced.added()).containsExactly("DEFAULT_NULL_ORDERING=HIGH", "WRITE_DELAY=0", "DB_CLOSE_ON_EXIT=FALSE");
    }

    @Test
    void aTrailingSemicolonDoesNotMakeAnEmptySetting() {
        assertThat(H2Url.enforce("jdbc:h2:~/hsm;").url()).isEqualTo(
                "jdbc:h2:~/hsm;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
    }

    @Test
    void anEscapedSemicolonInAValueIsNotASettingOfItsOwn() {
        H2Url.Enforced enforced = H2Url.enforce(
                "jdbc:h2:file:/d/hsm;INIT=SET WRITE_DELAY 5\\;SET MODE MySQL;" + SHIPPED.substring(SHIPPED.indexOf("MODE")));
        assertThat(enforced.added()).isEmpty();
    }

    @Test
    void aServerDatabaseKeptInAFileNeedsWriteDelayToo() {
        // and not DB_CLOSE_ON_EXIT: the server, not this process, closes it
        assertThat(H2Url.enforce("jdbc:h2:tcp://db:9092/~/hsm;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH").added())
                .containsExactly("WRITE_DELAY=0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:h2:mem:test", "jdbc:h2:mem:", "JDBC:H2:MEM:x"})
    void anInMemoryDatabaseGetsTheSqlSettingsButNoWriteDelay(String url) {
        assertThat(H2Url.enforce(url).added())
                .containsExactly("MODE=PostgreSQL", "DATABASE_TO_LOWER=TRUE", "DEFAULT_NULL_ORDERING=HIGH", "DB_CLOSE_ON_EXIT=FALSE");
    }

    @Test
    void anInMemoryDatabaseBehindAServerGetsTheSqlSettingsOnly() {
        assertThat(H2Url.enforce("jdbc:h2:tcp://localhost/mem:test").added())
                .containsExactly("MODE=PostgreSQL", "DATABASE_TO_LOWER=TRUE", "DEFAULT_NULL_ORDERING=HIGH");
    }

    @ParameterizedTest
    @ValueSource(strings = {"FALSE", "false", "no", "0"})
    void theDatabaseMayBeKeptOpenAtExitInAnyWayH2Reads(String value) {
        assertThat(H2Url.enforce(SHIPPED.replace("DB_CLOSE_ON_EXIT=FALSE", "DB_CLOSE_ON_EXIT=" + value)).added()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "jdbc:h2:file:/d/hsm;WRITE_DELAY=500                 | hsm.db.url sets WRITE_DELAY=500 but the gateway needs WRITE_DELAY=0",
            "jdbc:h2:file:/d/hsm;write_delay=10                  | hsm.db.url sets WRITE_DELAY=10 but the gateway needs WRITE_DELAY=0",
            "jdbc:h2:file:/d/hsm;MODE=MySQL;WRITE_DELAY=0        | hsm.db.url sets MODE=MySQL but the gateway needs MODE=PostgreSQL",
            "jdbc:h2:mem:x;DATABASE_TO_LOWER=FALSE               | hsm.db.url sets DATABASE_TO_LOWER=FALSE but the gateway needs DATABASE_TO_LOWER=TRUE",
            "jdbc:h2:mem:x;DEFAULT_NULL_ORDERING=LOW             | hsm.db.url sets DEFAULT_NULL_ORDERING=LOW but the gateway needs DEFAULT_NULL_ORDERING=HIGH",
            "jdbc:h2:file:/d/hsm;DB_CLOSE_ON_EXIT=TRUE           | hsm.db.url sets DB_CLOSE_ON_EXIT=TRUE but the gateway needs DB_CLOSE_ON_EXIT=FALSE (the database must stay open",
    })
    void aConflictingValueIsRefusedNamingTheSettingAndTheValue(String url, String message) {
        assertThatThrownBy(() -> H2Url.enforce(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message)
                .hasMessageNotContaining("\n");
    }

    @Test
    void writeDelayIsNotCheckedWhereNothingIsKeptInAFile() {
        assertThat(H2Url.enforce("jdbc:h2:mem:x;WRITE_DELAY=500").added()).doesNotContain("WRITE_DELAY=0");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "jdbc:h2:file:/var/lib/hsm/hsm;WRITE_DELAY=0 | /var/lib/hsm/hsm",
            "jdbc:h2:/var/lib/hsm/hsm                    | /var/lib/hsm/hsm",
            "jdbc:h2:file:/srv/a/../hsm;AUTO_SERVER=TRUE | /srv/hsm",
    })
    void theFilesOfAnEmbeddedDatabaseAreFound(String url, String files) {
        assertThat(H2Url.localFiles(url)).contains(java.nio.file.Path.of(files));
        assertThat(H2Url.embedded(url)).isTrue();
    }

    @Test
    void relativeAndHomePathsAreResolvedAsH2Does() {
        assertThat(H2Url.localFiles(SHIPPED)).contains(java.nio.file.Path.of("data/hsm").toAbsolutePath());
        assertThat(H2Url.localFiles("jdbc:h2:~/hsm")).contains(java.nio.file.Path.of(System.getProperty("user.home"), "hsm"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:h2:mem:x", "jdbc:h2:tcp://db:9092/hsm", "jdbc:h2:ssl://db/~/hsm", "jdbc:h2:zip:/a.zip!/hsm",
            "jdbc:postgresql://db/hsm"})
    void noLocalFilesInMemoryBehindAServerOrOnAnotherFileSystem(String url) {
        assertThat(H2Url.localFiles(url)).isEmpty();
    }

    @Test
    void aServerIsNotEmbedded() {
        assertThat(H2Url.embedded("jdbc:h2:mem:x")).isTrue();
        assertThat(H2Url.embedded("jdbc:h2:tcp://db:9092/hsm")).isFalse();
        assertThat(H2Url.embedded("jdbc:h2:SSL://db/hsm")).isFalse();
        assertThat(H2Url.embedded("jdbc:postgresql://db/hsm")).isFalse();
    }

    @Test
    void onlyH2UrlsAreH2() {
        assertThat(H2Url.isH2("jdbc:h2:file:x")).isTrue();
        assertThat(H2Url.isH2("jdbc:postgresql://db/hsm")).isFalse();
    }
}

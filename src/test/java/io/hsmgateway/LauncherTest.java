package io.hsmgateway;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * bin/hsm-gateway, the README's run command, on the packaged jar: it makes the class-data archive with a training run
 * the operator's settings cannot redirect, reuses it, and never fails to start over an archive the JVM cannot use.
 * Skipped (not passed) when target/hsm-gateway.jar is not built: {@code mvn -B -q -DskipTests package} first.
 */
class LauncherTest {

    private static final Path LAUNCHER = Path.of("bin", "hsm-gateway");
    private static final Path JAR = Path.of("target", "hsm-gateway.jar");

    @TempDir
    Path dir;

    @Test
    void theFirstStartMakesTheArchiveWithATrainingRunOfItsOwnAndLaterStartsUseIt() throws Exception {
        assumeJarBuilt();
        Path archive = dir.resolve("hsm-gateway.jsa");
        // settings that would break the training run, or point it at the operator's database, if they reached it
        Map<String, String> operator = Map.of("HSM_CDS_ARCHIVE", archive.toString(),
                "HSM_HTTP_PORT", "not-a-port", "HSM_DB_URL", "jdbc:h2:file:" + dir.resolve("operators/hsm"));

        Result first = launch(operator, "--help");
        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(first.output()).contains("making the class-data archive", "class-data archive made", "hsm.http.port=8080");
        assertThat(archive).isNotEmptyFile();
        assertThat(Files.readString(Path.of(archive + ".log"))).doesNotContain("Class-archive training");
        assertThat(dir.resolve("operators")).doesNotExist();

        Result second = launch(operator, "--help");
        assertThat(second.exitCode()).as(second.output()).isZero();
        assertThat(second.output()).doesNotContain("making the class-data archive").contains("hsm.http.port=8080");
    }

    @Test
    void anArchiveTheJvmCannotUseNeverStopsTheStart() throws Exception {
        assumeJarBuilt();
        Path archive = dir.resolve("hsm-gateway.jsa");
        Files.writeString(archive, "not a class-data archive");
        Files.setLastModifiedTime(archive, FileTime.from(Instant.now().plusSeconds(60))); // newer than the jar
        // the stamp of the JVM the launcher will use, so it takes the damaged archive as its own and maps it
        Result stamp = run(List.of("bash", "-c", "j=$(readlink -f \"$(command -v java)\"); echo \"$j $(stat -c %Y \"$j\")\""),
                Map.of());
        Files.writeString(Path.of(archive + ".jvm"), stamp.output());

        Result start = launch(Map.of("HSM_CDS_ARCHIVE", archive.toString()), "--help");
        assertThat(start.exitCode()).as(start.output()).isZero();
        assertThat(start.output()).doesNotContain("making the class-data archive").contains("hsm.http.port=8080");
    }

    @Test
    void anUnknownCdsModeIsRefused() throws Exception {
        assumeJarBuilt();
        Result start = launch(Map.of("HSM_CDS", "sometimes", "HSM_CDS_ARCHIVE", dir.resolve("a.jsa").toString()), "--help");
        assertThat(start.exitCode()).isEqualTo(1);
        assertThat(start.output()).contains("HSM_CDS=sometimes: auto or off");
    }

    @Test
    void aCollectorChosenInJavaOptsReplacesTheDefaultOne() throws Exception {
        assumeJarBuilt();
        // the JVM refuses two collectors ("Multiple garbage collectors selected"): the launcher's own must give way
        Result start = launch(Map.of("HSM_CDS", "off", "JAVA_OPTS", "-XX:+UseSerialGC"), "--help");
        assertThat(start.exitCode()).as(start.output()).isZero();
        assertThat(start.output()).contains("hsm.http.port=8080");
    }

    /** The JVM settings the launcher stands for (bin/hsm-gateway says why each, docs/benchmarks.md what it measured). */
    @Test
    void theJvmRunsWithTheLaunchersSettings() throws Exception {
        assumeJarBuilt();
        Result start = launch(Map.of("HSM_CDS", "off", "JAVA_OPTS", "-XX:+PrintFlagsFinal -XshowSettings:properties"), "--help");
        assertThat(start.exitCode()).as(start.output()).isZero();
        assertThat(start.output())
                .containsPattern("bool UseParallelGC += true")
                .containsPattern("MaxHeapSize += 268435456 ")
                .containsPattern("InitialHeapSize += 25165824 ")
                .containsPattern("Tier4InvocationThreshold += 30000 ")
                .containsPattern("FreqInlineSize += 150 ")
                .containsPattern("InlineSmallCode += 1000 ")
                .containsPattern("YoungGenerationSizeSupplement += 0 ")
                .containsPattern("uintx NewRatio += 1 ")
                .containsPattern("size_t NewSize += 8388608 ")
                .containsPattern("size_t MaxNewSize += 134217728 ")
                .containsPattern("io.netty.allocator.maxOrder = 7")
                .containsPattern("jdk.nio.maxCachedBufferSize = 65536");
    }

    @Test
    void theTrainingRunRefusesSettingsThatWouldOutrankItsOwn() throws Exception {
        System.setProperty("hsm.db.url", "jdbc:h2:file:" + dir.resolve("operators/hsm"));
        try {
            assertThat(ClassArchiveTraining.run(Application::create)).isEqualTo(2);
            assertThat(dir.resolve("operators")).doesNotExist();
        } finally {
            System.clearProperty("hsm.db.url");
        }
    }

    private static void assumeJarBuilt() {
        assumeTrue(Files.isRegularFile(JAR), JAR + " is not built (mvn -B -q -DskipTests package): launcher not tested");
    }

    private Result launch(Map<String, String> environment, String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(arguments));
        Map<String, String> withJar = new java.util.HashMap<>(environment);
        withJar.put("HSM_JAR", JAR.toString());
        return run(command, withJar);
    }

    private Result run(List<String> command, Map<String, String> environment) throws IOException, InterruptedException {
        Path output = Files.createTempFile(dir, "launcher", ".out");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("still running after 3 minutes: " + command);
        }
        return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }

    private record Result(int exitCode, String output) {
    }
}

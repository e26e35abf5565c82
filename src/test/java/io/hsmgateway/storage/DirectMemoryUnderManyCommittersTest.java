package io.hsmgateway.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The launcher's {@code -Djdk.nio.maxCachedBufferSize} (bin/hsm-gateway): the JDK keeps, per thread, the direct
 * buffer it copied that thread's largest file write through. Every thread that commits a batch (200 HTTP workers,
 * record threads, JMS consumers) writes H2's chunk itself, so a gateway that ran for minutes held one such buffer per
 * thread until {@code -XX:MaxDirectMemorySize} ran out: H2 then closed the database, and every notification after it
 * failed. Seen with the README's own run (sandbox statuses, a 50,000-row file): 252 buffers, 52 of 64 MB, after 6
 * minutes. Here the same, scaled down: 40 live threads each commit a 200,000-character row under a 16 MB limit.
 */
class DirectMemoryUnderManyCommittersTest {

    private static final List<String> SCALED_DOWN = List.of("-XX:MaxDirectMemorySize=16m");

    @TempDir
    Path dir;

    @Test
    void manyThreadsCommittingLargeBatchesHoldLittleDirectMemoryWithTheLaunchersSetting() throws Exception {
        Result run = committers(dir.resolve("bounded"), "-Djdk.nio.maxCachedBufferSize=65536");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("all 40 writes committed");
        assertThat(run.heldBytes()).as(run.output()).isLessThan(2_000_000);
    }

    /** Without it, the same run holds the limit's worth (and, a little longer, runs out): what the setting is for. */
    @Test
    void withoutTheSettingEveryThreadHoldsItsLargestWrite() throws Exception {
        Result run = committers(dir.resolve("unbounded"));

        assertThat(run.heldBytes()).as(run.output()).isGreaterThan(10_000_000);
    }

    private record Result(int exitCode, String output) {

        /** The direct memory held with every writer thread still alive, as ManyCommitters reports it. */
        long heldBytes() {
            java.util.regex.Matcher held = java.util.regex.Pattern.compile("direct buffers held, (\\d+) bytes").matcher(output);
            assertThat(held.find()).as(output).isTrue();
            return Long.parseLong(held.group(1));
        }
    }

    private static Result committers(Path database, String... jvmOptions) throws IOException, InterruptedException {
        Files.createDirectories(database);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(SCALED_DOWN);
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ManyCommitters.class.getName(),
                database.toString(), "40", "200000"));
        Path output = database.resolve("output.txt");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("still running after 2 minutes: " + Files.readString(output));
        }
        return new Result(process.exitValue(), Files.readString(output));
    }
}

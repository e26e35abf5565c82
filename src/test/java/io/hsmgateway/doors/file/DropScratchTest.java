package io.hsmgateway.doors.file;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A gateway killed mid-file leaves its report in progress in the temporary folder; the next start deletes it. */
class DropScratchTest {

    @TempDir
    Path tmp;

    @Test
    void onlyTheFilesOfProcessesNoLongerRunningAreDeleted() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        Path dead = Files.createFile(tmp.resolve("hsm-drop-" + ended.pid() + "-123456.report.csv"));
        Path deadNote = Files.createFile(tmp.resolve("hsm-drop-" + ended.pid() + "-99.error.txt"));
        Path live = Files.createFile(tmp.resolve("hsm-drop-" + ProcessHandle.current().pid() + "-7.report.csv"));
        Path unnamed = Files.createFile(tmp.resolve("hsm-drop-8455126581.report.csv")); // no pid in its name
        Path other = Files.createFile(tmp.resolve("someone-else.report.csv"));

        assertThat(DropScratch.deleteLeftovers(tmp)).isEqualTo(2);

        assertThat(dead).doesNotExist();
        assertThat(deadNote).doesNotExist();
        assertThat(live).exists();
        assertThat(unnamed).exists();
        assertThat(other).exists();
    }

    @Test
    void aFileThisProcessMakesIsNamedAfterItAndKept() throws Exception {
        Path made = DropScratch.create(".report.csv");
        try {
            assertThat(made.getFileName().toString()).startsWith("hsm-drop-" + ProcessHandle.current().pid() + "-");
            Path copy = Files.copy(made, tmp.resolve(made.getFileName()));

            assertThat(DropScratch.deleteLeftovers(tmp)).isZero();
            assertThat(copy).exists();
        } finally {
            Files.deleteIfExists(made);
        }
    }

    @Test
    void aFolderThatCannotBeListedIsNoFailure() {
        assertThat(DropScratch.deleteLeftovers(tmp.resolve("absent"))).isZero();
    }
}

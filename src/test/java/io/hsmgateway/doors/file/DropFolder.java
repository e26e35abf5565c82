package io.hsmgateway.doors.file;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * One website's drop folder, on local disk (the inbox, or the directory an SFTP server serves). Public for the tests
 * that send through every door (templates/TemplatesAtEveryDoorTest).
 */
public record DropFolder(Path dir) {

    public static DropFolder of(Path root, String websiteId) throws IOException {
        return new DropFolder(Files.createDirectories(root.resolve(websiteId)));
    }

    /** Written under a name the doors ignore, then renamed: a half-written file is never seen. */
    public void drop(String name, byte[] content) throws IOException {
        Path part = dir.resolve(name + ".part");
        Files.write(part, content);
        Files.move(part, dir.resolve(name));
    }

    public void drop(String name, String content) throws IOException {
        drop(name, content.getBytes(StandardCharsets.UTF_8));
    }

    public Path done(String name) {
        return dir.resolve(".done").resolve(name);
    }

    public Path error(String name) {
        return dir.resolve(".error").resolve(name);
    }

    /** Waits for the report of a file and returns its records (header: record,line,destination,...). */
    public List<CSVRecord> awaitReport(String name) throws IOException {
        return awaitReport(name, Duration.ofSeconds(30));
    }

    /**
     * Waits up to {@code within} for the report of a file and the file beside it in .done/; if they do not come, the
     * failure says what the folder, .done/ and .error/ hold (a drop kept under another name, still waiting, refused).
     */
    public List<CSVRecord> awaitReport(String name, Duration within) throws IOException {
        Path report = done(name + ".report.csv");
        try {
            await().atMost(within).until(() -> Files.exists(report) && Files.exists(done(name)));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("No report of " + name + " in .done/ within " + within + "; the folder holds "
                    + names(dir) + ", .done/ " + names(dir.resolve(".done")) + ", .error/ " + names(dir.resolve(".error")), e);
        }
        return readReport(report);
    }

    private static List<String> names(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.map(entry -> entry.getFileName().toString()).sorted().toList();
        }
    }

    /**
     * Waits for the report of the file's n-th drop under its name (1: {@code .done/<name>} with
     * {@code <name>.report.csv}; n from 2: {@code .done/<name>.<n>} with {@code <name>.<n>.report.csv}).
     */
    public List<CSVRecord> awaitReport(String name, int drop) throws IOException {
        return awaitReport(drop == 1 ? name : name + "." + drop);
    }

    public static List<CSVRecord> readReport(Path report) throws IOException {
        String text = Files.readString(report, StandardCharsets.UTF_8);
        try (CSVParser parser = CSVParser.builder().setReader(new StringReader(text))
                .setFormat(CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()).get()) {
            return parser.getRecords();
        }
    }

    public String awaitErrorNote(String name) throws IOException {
        Path note = error(name + ".error.txt");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(note) && Files.exists(error(name)));
        return Files.readString(note, StandardCharsets.UTF_8);
    }
}

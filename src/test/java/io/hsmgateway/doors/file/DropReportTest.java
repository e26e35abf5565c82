package io.hsmgateway.doors.file;

import io.hsmgateway.api.ApiCode;
import io.hsmgateway.api.ApiResponse;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Records answer in any order when they run side by side; the report lists them in record order. */
class DropReportTest {

    @TempDir
    Path dir;

    @Test
    void linesAnsweredOutOfOrderAreReportedInRecordOrder() throws Exception {
        DropReport report = new DropReport(dir.resolve("answers.csv"));
        for (long number : new long[] {3, 1, 5, 2, 4}) {
            report.answered(record(number), ApiResponse.of(ApiCode.SUCCESS, null));
        }
        report.duplicate(record(6), "first-notification-of-6");

        List<CSVRecord> lines = DropFolder.readReport(report.finish());

        assertThat(lines).extracting(r -> r.get("record")).containsExactly("1", "2", "3", "4", "5", "6");
        assertThat(lines).extracting(r -> r.get("destination"))
                .containsExactly("José 1", "José 2", "José 3", "José 4", "José 5", "José 6");
        assertThat(lines).extracting(r -> r.get("code")).endsWith(DropReport.DUPLICATE);
        assertThat(lines.get(5).get("notificationId")).isEqualTo("first-notification-of-6");
    }

    @Test
    void linesAnsweredInOrderAreTheReportAsWritten() throws Exception {
        DropReport report = new DropReport(dir.resolve("answers.csv"));
        for (long number = 1; number <= 3; number++) {
            report.answered(record(number), ApiResponse.of(ApiCode.SUCCESS, null));
        }

        Path finished = report.finish();

        assertThat(finished).isEqualTo(dir.resolve("answers.csv"));
        assertThat(Files.readString(finished, StandardCharsets.UTF_8))
                .startsWith(String.join(",", DropReport.COLUMNS) + "\r\n1,2,José 1,SUCCESS,");
        report.discard();
        assertThat(finished).doesNotExist();
    }

    /** A record with a destination outside ASCII: a line's place is counted in bytes. */
    static DropRecord record(long number) {
        return new DropRecord(number, number + 1, "José " + number, "{}", "site/sha/" + number);
    }
}

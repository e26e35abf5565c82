package io.hsmgateway.doors.file;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every drop of one name gets names of its own in .done/, numbered after the drops the folder holds. */
class KeptDropsTest {

    @Test
    void theFirstDropKeepsItsNameAndLaterOnesAreNumberedAfterTheHighest() {
        assertThat(KeptDrops.next("people.csv", List.of())).isEqualTo(1);
        assertThat(KeptDrops.next("people.csv", List.of("people.csv", "people.csv.report.csv"))).isEqualTo(2);
        // only the report left (the file was taken away), or only the file: still taken
        assertThat(KeptDrops.next("people.csv", List.of("people.csv.report.csv"))).isEqualTo(2);
        assertThat(KeptDrops.next("people.csv", List.of("people.csv", "people.csv.2", "people.csv.2.report.csv",
                "people.csv.10.report.csv"))).isEqualTo(11);
        // a gap (drop 2 deleted) is not filled: later drops still sort after earlier ones
        assertThat(KeptDrops.next("people.csv", List.of("people.csv", "people.csv.3"))).isEqualTo(4);
        // a report being written (a crash left it) counts; error notes count in .error/
        assertThat(KeptDrops.next("people.csv", List.of(".writing-people.csv.2.report.csv"))).isEqualTo(3);
        assertThat(KeptDrops.next("a.json", List.of("a.json", "a.json.error.txt", "a.json.2.error.txt"))).isEqualTo(3);
        // a folder that could not be listed: the drop is numbered by the time, and later ones after it
        long unlisted = KeptDrops.unlisted(1_796_000_000L);
        assertThat(KeptDrops.next("people.csv", List.of("people.csv.3", KeptDrops.keptName("people.csv", unlisted))))
                .isEqualTo(unlisted + 1);
        assertThat(KeptDrops.keptName("people.csv", 1)).isEqualTo("people.csv");
        assertThat(KeptDrops.keptName("people.csv", 2)).isEqualTo("people.csv.2");
    }

    @Test
    void otherFilesNamesDoNotCount() {
        assertThat(KeptDrops.next("people.csv", List.of("people.csv.bak", "other-people.csv", "people.csv.x.report.csv",
                "xpeople.csv", "people.csv.0", "people.json", "people.csv.2.csv"))).isEqualTo(1);
        // a name with regex characters is taken literally
        assertThat(KeptDrops.next("a+b (1).csv", List.of("a+b (1).csv", "aab (1).csv.5"))).isEqualTo(2);
    }

    @Test
    void theNamesSortInDropOrderByVersionEachFileBeforeItsReport() {
        List<String> names = new ArrayList<>();
        for (int drop = 1; drop <= 12; drop++) {
            names.add(KeptDrops.keptName("people.csv", drop));
            names.add(KeptDrops.keptName("people.csv", drop) + ".report.csv");
        }
        List<String> shuffled = new ArrayList<>(names);
        java.util.Collections.shuffle(shuffled, new java.util.Random(19));
        shuffled.sort(Comparator.comparing(KeptDropsTest::versionKey));
        assertThat(shuffled).containsExactlyElementsOf(names);
    }

    /** As sort -V compares these names: the drop number as a number, the plain name (drop 1) first. */
    private static String versionKey(String name) {
        String rest = name.substring("people.csv".length());
        String number = rest.matches("\\.\\d+.*") ? rest.substring(1).split("\\.")[0] : "1";
        return String.format("%09d%s", Integer.parseInt(number), rest.endsWith(".report.csv") ? "b" : "a");
    }
}

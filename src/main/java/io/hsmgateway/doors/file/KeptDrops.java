package io.hsmgateway.doors.file;

import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How every drop of one file name is kept in {@code .done/} (and {@code .error/}), never over an earlier one: the
 * first drop of {@code people.csv} is kept as {@code people.csv} with {@code people.csv.report.csv}, the n-th (n from
 * 2) as {@code people.csv.<n>} with {@code people.csv.<n>.report.csv}. n is one more than the highest drop of the
 * name the folder holds, so the names sort in drop order by version ({@code ls -v}, {@code sort -V}), each file
 * followed by its report. A dropped file's name always ends in its format's extension, so {@code <name>.<n>} is never
 * another file's own name.
 */
final class KeptDrops {

    /** The temporary name the doors write a report under before renaming it (the producer's tempPrefix). */
    static final String WRITING = ".writing-";

    private KeptDrops() {
    }

    /** The name the n-th drop of {@code name} is kept under: {@code name}, then {@code name.2}, {@code name.3}... */
    static String keptName(String name, long drop) {
        return drop <= 1 ? name : name + "." + drop;
    }

    /** The number of the next drop of {@code name}, given the names a folder holds: 1 if it holds none of it. */
    static long next(String name, Collection<String> entries) {
        Pattern ofName = Pattern.compile(Pattern.quote(name) + "(?:\\.([1-9][0-9]{0,17}))?(?:\\.report\\.csv|\\.error\\.txt)?");
        long highest = 0;
        for (String entry : entries) {
            Matcher matcher = ofName.matcher(entry.startsWith(WRITING) ? entry.substring(WRITING.length()) : entry);
            if (matcher.matches()) {
                highest = Math.max(highest, matcher.group(1) == null ? 1 : Long.parseLong(matcher.group(1)));
            }
        }
        return highest + 1;
    }

    /**
     * The number of a drop when the folder could not be listed: the time in seconds, far above any count of drops and
     * growing, so the drop is still kept under a name of its own, after the others in drop order.
     */
    static long unlisted(long epochSecond) {
        return epochSecond;
    }
}

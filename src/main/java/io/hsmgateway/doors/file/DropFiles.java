package io.hsmgateway.doors.file;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hsmgateway.Hsm;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.component.file.FileComponent;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileOnCompletion;
import org.apache.camel.spi.Synchronization;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.apache.camel.util.ObjectHelper;
import org.apache.commons.csv.CSVException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * What the file-drop and SFTP doors share (the {@code drop-file} route's beans): inspect a dropped file,
 * stream its records, and prepare the report or error note the door stores next to it. Doors only differ
 * in where files come from and where the report goes back to.
 */
public class DropFiles {

    private static final Logger LOG = LoggerFactory.getLogger(DropFiles.class);

    // exchange properties: per-file state survives the pipeline, which clears every header
    public static final String PATH = "hsmDropPath";
    public static final String FILE = "hsmDropFile";
    public static final String REPORT = "hsmDropReport";
    public static final String RECORD = "hsmDropRecord";
    /** Folder (below the file's own) it is moved to when done: {@code .done}, or {@code .error}. */
    public static final String TARGET = "hsmDropTarget";
    /**
     * The name the file is kept under in its target folder, its report or note named after it: the file's own name
     * for its first drop, {@code <name>.<n>} for the n-th ({@link KeptDrops}); the door's move reads it.
     */
    public static final String KEPT_NAME = "hsmDropKeptName";
    /** The file's {@link RecordSource}, while the splitter streams it. */
    static final String RECORDS = "hsmDropRecords";
    public static final String DONE = ".done";
    public static final String ERROR = ".error";

    private final ObjectMapper json;
    private final DropLimits limits;

    public DropFiles(ObjectMapper json, DropLimits limits) {
        this.json = json;
        this.limits = limits;
    }

    /**
     * Reads the whole file once before anything is sent: it must be a regular file within the size limits,
     * UTF-8, and parse in its format, so a file is either refused whole or processed record by record. The
     * same pass hashes it.
     */
    public void inspect(Exchange exchange) throws IOException, UnreadableFileException {
        exchange.setProperty(TARGET, ERROR); // until a report has been written
        String relativePath = relativePath(exchange);
        exchange.setProperty(PATH, relativePath);
        exchange.setProperty(KEPT_NAME, relativePath.substring(relativePath.lastIndexOf('/') + 1)); // until numbered
        int slash = relativePath.indexOf('/');
        if (slash <= 0) {
            throw new UnreadableFileException("files must be dropped in a website's folder: <websiteId>/<file>");
        }
        String websiteId = relativePath.substring(0, slash);
        DropFormat format = DropFormat.of(relativePath)
                .orElseThrow(() -> new UnreadableFileException("unknown file type: use .csv, .json, .ndjson or .jsonl"));
        Path local = localFile(exchange);
        DropFile file;
        try {
            checkSize(local);
            char delimiter = format == DropFormat.CSV ? CsvRecords.detectDelimiter(firstLine(local)) : ',';
            MessageDigest sha256 = sha256();
            try (InputStream in = new DigestInputStream(openLocal(local), sha256);
                 RecordSource records = open(new DropFile(websiteId, relativePath, local, format, "", delimiter), in)) {
                records.forEachRemaining(record -> { }); // every format reads to the end: all bytes are hashed
            }
            file = new DropFile(websiteId, relativePath, local, format, HexFormat.of().formatHex(sha256.digest()), delimiter);
        } catch (UncheckedIOException e) {
            throw unreadable(format, e.getCause());
        } catch (IOException e) {
            throw unreadable(format, e);
        }
        exchange.setProperty(FILE, file);
        exchange.setProperty(Hsm.WEBSITE_ID, websiteId);
        exchange.setProperty(Hsm.WEBSITE_GRANTED, true); // the website's own folder grants it
        DropReport report = DropReport.create();
        exchange.setProperty(REPORT, report);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                report.discard();
            }
        });
    }

    /**
     * The records, streamed: the splitter closes the source when it is done with it. Once the gateway is stopping
     * they end where they are: the records begun are finished, the rest wait for the next start
     * ({@link #keepInPlaceOnStop}).
     */
    public RecordSource records(@ExchangeProperty(FILE) DropFile file, Exchange exchange) throws IOException, UnreadableFileException {
        InputStream in = openLocal(file.local());
        RecordSource records;
        try {
            records = open(file, in);
        } catch (IOException | UnreadableFileException | RuntimeException e) {
            in.close();
            throw e;
        }
        records.endEarlyWhen(exchange.getContext()::isStopping);
        exchange.setProperty(RECORDS, records);
        return records;
    }

    /** The gateway began stopping before the file's last record was read: the file is not finished. */
    public boolean stoppedMidFile(Exchange exchange) {
        RecordSource records = exchange.getProperty(RECORDS, RecordSource.class);
        return records != null && records.endedEarly();
    }

    /**
     * A stop of the gateway (SIGTERM) in the middle of the file leaves it where it was dropped, for the next start:
     * Camel's completion of the file, which moves it to {@code .done/} or {@code .error/}, is wrapped in one that
     * does not move it then ({@link MoveUnlessStopped}). The first step of a drop door.
     */
    public void keepInPlaceOnStop(Exchange exchange) {
        Exchange holder = new DefaultExchange(exchange.getContext());
        exchange.getUnitOfWork().handoverSynchronization(holder, GenericFileOnCompletion.class::isInstance);
        List<Synchronization> moves = holder.getExchangeExtension().handoverCompletions();
        if (moves == null || moves.size() != 1) {
            throw new IllegalStateException("Expected the file consumer's completion on " + exchange.getFromEndpoint()
                    + ", found " + moves);
        }
        exchange.getExchangeExtension().addOnCompletion(new MoveUnlessStopped(moves.get(0), this::stoppedMidFile));
    }

    /**
     * The report is complete: the door stores the body under {@link Exchange#FILE_NAME}, and the file is then moved
     * beside it, both under the drop's own name in {@code .done/}: an earlier drop of the same name is never
     * overwritten.
     */
    public void finishReport(Exchange exchange) throws IOException {
        DropFile file = exchange.getProperty(FILE, DropFile.class);
        Path report = exchange.getProperty(REPORT, DropReport.class).finish();
        String kept = keptName(exchange, file.fileName(), DONE);
        store(exchange, report.toFile(), file.sibling(DONE, kept, ".report.csv"));
        exchange.setProperty(TARGET, DONE);
    }

    /** The file is refused: a note saying why goes beside it into {@code .error/}. */
    public void errorNote(Exchange exchange) throws IOException {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String reason = cause instanceof UnreadableFileException ? cause.getMessage() : "the file could not be read";
        String relativePath = exchange.getProperty(PATH, String.class);
        Path note = DropScratch.create(".error.txt");
        Files.writeString(note, relativePath + ": not processed, nothing was sent: " + reason + System.lineSeparator(),
                StandardCharsets.UTF_8);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                note.toFile().delete();
            }
        });
        DropFile named = new DropFile("", relativePath, null, null, "", ',');
        String kept = keptName(exchange, named.fileName(), ERROR);
        store(exchange, note.toFile(), named.sibling(ERROR, kept, ".error.txt"));
        exchange.setProperty(TARGET, ERROR);
    }

    /**
     * The name this drop is kept under in {@code targetDir} (below the file's own folder), numbered after the drops
     * of the same name it holds already ({@link KeptDrops}); also put in {@link #KEPT_NAME} for the door's move.
     */
    private static String keptName(Exchange exchange, String name, String targetDir) {
        long drop;
        try {
            drop = KeptDrops.next(name, DropFolders.names(exchange, targetDir));
        } catch (RuntimeException unlisted) { // the report is still kept: under a name no earlier drop can have
            drop = KeptDrops.unlisted(Instant.now().getEpochSecond());
            LOG.warn("Could not list {} beside {} ({}): keeping this drop as {}", targetDir, exchange.getProperty(PATH),
                    unlisted.getMessage(), KeptDrops.keptName(name, drop));
        }
        String kept = KeptDrops.keptName(name, drop);
        exchange.setProperty(KEPT_NAME, kept);
        return kept;
    }

    private static void store(Exchange exchange, File body, String fileName) {
        // only the name travels: e.g. the SFTP consumer's local-work-path header would make the
        // file producer move that file instead of writing ours
        exchange.getMessage().getHeaders().clear();
        exchange.getMessage().setHeader(Exchange.FILE_NAME, fileName);
        exchange.getMessage().setBody(body);
    }

    private RecordSource open(DropFile file, InputStream in) throws IOException, UnreadableFileException {
        RecordSizeLimit reader = new RecordSizeLimit(Utf8Files.open(in), limits.maxRecordBytes());
        return switch (file.format()) {
            case CSV -> new CsvRecords(reader, file, json);
            case JSON -> new JsonRecords(reader, file, json);
            case NDJSON -> new NdjsonRecords(reader, file, json);
        };
    }

    /**
     * Reads the file itself, never what a link put in its place meanwhile (the door's filter already passed
     * links over when it listed the folder): a link or a pipe here is refused before it is opened.
     */
    private static InputStream openLocal(Path local) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(local, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isRegularFile()) {
            throw new NotRegularFileException(attributes.isSymbolicLink() ? DropEntryFilter.LINK : DropEntryFilter.SPECIAL);
        }
        return Files.newInputStream(local, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    }

    private void checkSize(Path local) throws IOException, UnreadableFileException {
        long size = Files.readAttributes(local, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).size();
        if (size == 0) {
            throw new UnreadableFileException("the file is empty");
        }
        if (size > limits.maxFileBytes()) {
            throw new UnreadableFileException("the file has " + size + " bytes, more than " + limits.maxFileBytes()
                    + " (" + DropLimits.MAX_FILE_BYTES + "): split it into smaller files");
        }
    }

    /** Why the file cannot be read, in words for the note; quotes of its content are kept short. */
    private static UnreadableFileException unreadable(DropFormat format, Throwable cause) {
        RecordTooLargeException tooLarge = RecordTooLargeException.in(cause);
        if (tooLarge != null) {
            return new UnreadableFileException(tooLarge.getMessage());
        }
        for (Throwable t = cause; t != null; t = t.getCause()) { // a parser may wrap the decoder's failure
            if (t instanceof CharacterCodingException) {
                return new UnreadableFileException("not UTF-8 text (save it as UTF-8, with or without BOM)");
            }
        }
        if (cause instanceof NotRegularFileException notRegular) {
            return new UnreadableFileException(notRegular.getMessage());
        }
        if (cause instanceof JsonProcessingException invalid) {
            JsonLocation at = invalid.getLocation();
            return new UnreadableFileException("not valid JSON"
                    + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr())
                    + ": " + Excerpt.of(invalid.getOriginalMessage()));
        }
        if (cause instanceof CSVException invalid) {
            return new UnreadableFileException("not valid " + format + ": " + Excerpt.of(invalid.getMessage()));
        }
        if (cause instanceof AccessDeniedException) {
            return new UnreadableFileException("the gateway may not read it (permission denied)");
        }
        return new UnreadableFileException("it could not be read (" + cause.getClass().getSimpleName() + ")");
    }

    /** The header line, as far as the delimiter can be told from it: at most one record's worth of it. */
    private String firstLine(Path local) throws IOException {
        try (Reader reader = Utf8Files.open(openLocal(local))) {
            StringBuilder line = new StringBuilder();
            int c;
            while (line.length() < limits.maxRecordBytes() && (c = reader.read()) != -1 && c != '\n' && c != '\r') {
                line.append((char) c);
            }
            return line.toString();
        }
    }

    /** Path below the door's root, {@code websiteId/name}, with / separators whatever the platform. */
    private static String relativePath(Exchange exchange) {
        GenericFile<?> file = exchange.getProperty(FileComponent.FILE_EXCHANGE_FILE, GenericFile.class);
        String path = file != null ? file.getRelativeFilePath() : exchange.getMessage().getHeader(Exchange.FILE_NAME, String.class);
        return ObjectHelper.isEmpty(path) ? "" : path.replace('\\', '/');
    }

    /** The file door reads in place; the SFTP door downloads to its local work directory first. */
    private static Path localFile(Exchange exchange) throws UnreadableFileException {
        String workPath = exchange.getMessage().getHeader(Exchange.FILE_LOCAL_WORK_PATH, String.class);
        if (workPath != null) {
            return Path.of(workPath);
        }
        File file = exchange.getMessage().getBody(File.class);
        if (file == null) {
            throw new UnreadableFileException("the door did not provide a local copy of the file");
        }
        return file.toPath();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The local file is a link or a pipe (put there after the listing): it is not opened. */
    private static final class NotRegularFileException extends IOException {
        NotRegularFileException(String what) {
            super(what);
        }
    }
}

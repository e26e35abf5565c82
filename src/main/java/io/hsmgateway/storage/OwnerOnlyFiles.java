package io.hsmgateway.storage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What the gateway keeps on disk (the H2 database, the broker's journal, the secrets key) is for the
 * gateway's user alone: directories it creates are 0700, files 0600, whatever the process umask. An
 * existing directory is never changed (it may be shared, like /tmp): when other users can enter it, a WARN
 * names it. On file systems without POSIX permissions (Windows) nothing is checked.
 */
public final class OwnerOnlyFiles {

    private static final Logger LOG = LoggerFactory.getLogger(OwnerOnlyFiles.class);

    static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private OwnerOnlyFiles() {
    }

    /**
     * Creates {@code dir} and its missing parents as 0700; an existing one open to other users is reported.
     *
     * @param holds what the directory holds, for the warning ("database", "broker data")
     */
    public static Path directory(Path dir, String holds) {
        Path absolute = dir.toAbsolutePath().normalize();
        try {
            if (Files.isDirectory(absolute)) {
                warnWhenOpen(absolute, holds);
            } else if (posix()) {
                Files.createDirectories(absolute, PosixFilePermissions.asFileAttribute(DIRECTORY));
            } else {
                Files.createDirectories(absolute);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the " + holds + " directory " + absolute, e);
        }
        return absolute;
    }

    /** Writes a new file readable by its owner only; fails if it exists. */
    public static void createFile(Path file, byte[] content) throws IOException {
        if (posix()) {
            Files.write(Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE)), content);
        } else {
            Files.write(file, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }
    }

    /** Sets an existing file to 0600 when other users may read it; reports what could not be changed. */
    public static void restrictFile(Path file) {
        if (!posix() || !Files.isRegularFile(file)) {
            return;
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (!openToOthers(permissions)) {
                return;
            }
            Files.setPosixFilePermissions(file, FILE);
            LOG.info("{} was {}, readable by other users: now rw-------", file, PosixFilePermissions.toString(permissions));
        } catch (IOException | SecurityException e) {
            LOG.warn("{} may be read by other users and could not be set to rw------- ({}): chmod 600 it", file, e.toString());
        }
    }

    /** {@link #restrictFile} for every file of {@code dir} whose name passes {@code names}. */
    public static void restrictFiles(Path dir, Predicate<String> names) {
        if (!posix() || !Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, path -> names.test(path.getFileName().toString()))) {
            files.forEach(OwnerOnlyFiles::restrictFile);
        } catch (IOException e) {
            LOG.warn("Could not list {} to restrict its files to their owner ({})", dir, e.toString());
        }
    }

    /** @return true when group or others have any permission on the path (always false without POSIX) */
    public static boolean openToOthers(Path path) throws IOException {
        return posix() && openToOthers(Files.getPosixFilePermissions(path));
    }

    private static void warnWhenOpen(Path dir, String holds) throws IOException {
        if (openToOthers(dir)) {
            LOG.warn("The {} directory {} is {}: other users may enter it and read what the gateway keeps there. "
                            + "chmod 700 {} (the gateway creates its directories that way, but does not change existing ones)",
                    holds, dir, PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)), dir);
        }
    }

    private static boolean openToOthers(Set<PosixFilePermission> permissions) {
        return permissions.stream().anyMatch(OTHERS::contains);
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}

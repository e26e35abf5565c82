package io.hsmgateway.doors.file;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.SftpATTRS;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.apache.camel.component.file.remote.SftpRemoteFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;

/**
 * The entries of a drop folder both doors look at ({@code filter} of their consumers): regular files and
 * real folders. A symbolic link (to a file or to a folder) and a pipe, device or socket are never opened,
 * followed or downloaded: a link may point outside the inbox, a pipe or device may block the reader or never
 * end. The filter runs on the folder listing (the SFTP server's, which reports links as links), before any
 * read lock or download. Such an entry stays where it is; the log says so (WARN, once an hour per entry).
 */
public class DropEntryFilter implements GenericFileFilter<Object> {

    private static final Logger LOG = LoggerFactory.getLogger(DropEntryFilter.class);
    static final String LINK = "a symbolic link (links are never followed)";
    static final String SPECIAL = "not a regular file (a pipe, device or socket)";

    private final Cache<String, Boolean> warned = Caffeine.newBuilder()
            .maximumSize(10_000).expireAfterWrite(Duration.ofHours(1)).build();

    @Override
    public boolean accept(GenericFile<Object> file) {
        String refusal = refusal(file.getFile());
        if (refusal == null) {
            return true;
        }
        // names the door would not take anyway (x.csv.part, notes.txt) are passed over quietly
        if ((file.isDirectory() || DropFormat.of(file.getFileNameOnly()).isPresent())
                && warned.asMap().putIfAbsent(file.getAbsoluteFilePath(), true) == null) {
            LOG.warn("Not reading {}: {}; {}", file.getRelativeFilePath(), refusal, file.isDirectory()
                    ? "a website's folder must be a real folder in the inbox."
                    : "only regular files are read: remove it and drop the file itself.");
        }
        return false;
    }

    /** Why the door must not read this entry, or null when it may. */
    private static String refusal(Object entry) {
        if (entry instanceof File local) {
            return refusal(local);
        }
        if (entry instanceof SftpRemoteFile<?> remote && remote.getRemoteFile() instanceof ChannelSftp.LsEntry listed) {
            return refusal(listed.getAttrs());
        }
        return null; // no attributes listed (e.g. a named file): the download is the only check
    }

    private static String refusal(File local) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(local.toPath(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException gone) {
            return null; // vanished since the listing: the consumer finds that out itself
        }
        if (attributes.isSymbolicLink()) {
            return LINK;
        }
        return attributes.isRegularFile() || attributes.isDirectory() ? null : SPECIAL;
    }

    private static String refusal(SftpATTRS attributes) {
        if (attributes == null) {
            return null;
        }
        if (attributes.isLink()) {
            return LINK;
        }
        return attributes.isReg() || attributes.isDir() ? null : SPECIAL;
    }
}

package io.hsmgateway.doors.file;

import java.nio.file.Path;

/**
 * A dropped file that passed inspection: readable, in a known format.
 *
 * @param websiteId    the website its folder grants
 * @param relativePath path below the door's root ({@code websiteId/name.csv}); reports are written next to it
 * @param local        the file's bytes on local disk (the SFTP door downloads to a work directory first)
 * @param sha256       hex digest of its content: the same content dropped again is recognised
 * @param delimiter    CSV field separator found in the header (unused by the JSON formats)
 */
public record DropFile(String websiteId, String relativePath, Path local, DropFormat format, String sha256,
                       char delimiter) {

    /** Idempotency key of one record: website + file content + record number. */
    public String recordKey(long recordNumber) {
        return websiteId + "/" + sha256 + "/" + recordNumber;
    }

    public String fileName() {
        int slash = relativePath.lastIndexOf('/');
        return slash < 0 ? relativePath : relativePath.substring(slash + 1);
    }

    /**
     * Where a file about one drop of this one goes: {@code websiteId/<targetDir>/<keptName><suffix>}, the name the drop
     * is kept under in that folder ({@link KeptDrops}).
     */
    public String sibling(String targetDir, String keptName, String suffix) {
        int slash = relativePath.lastIndexOf('/');
        String parent = slash < 0 ? "" : relativePath.substring(0, slash + 1);
        return parent + targetDir + "/" + keptName + suffix;
    }
}

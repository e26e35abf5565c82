package io.hsmgateway.doors.file;

import org.apache.camel.Exchange;
import org.apache.camel.component.file.FileComponent;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileOperationFailedException;
import org.apache.camel.component.file.remote.RemoteFileEndpoint;
import org.apache.camel.component.file.remote.RemoteFileOperations;
import org.apache.camel.component.file.remote.SftpRemoteFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The names a folder beside a dropped file holds ({@code .done/}, {@code .error/}), wherever the door keeps it: on
 * local disk for the file door, on the server for the SFTP door (listed over a connection of its own, with the
 * door's own settings: host key, credentials). A folder not made yet holds nothing.
 */
final class DropFolders {

    private DropFolders() {
    }

    static List<String> names(Exchange exchange, String folder) {
        GenericFile<?> file = exchange.getProperty(FileComponent.FILE_EXCHANGE_FILE, GenericFile.class);
        if (file == null) {
            return List.of();
        }
        if (exchange.getFromEndpoint() instanceof RemoteFileEndpoint<?> remote) {
            String parent = file.getParent();
            return remoteNames(remote, exchange, parent == null || parent.isEmpty() ? folder : parent + "/" + folder);
        }
        return localNames(Path.of(file.getAbsoluteFilePath()).resolveSibling(folder));
    }

    private static List<String> localNames(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.map(entry -> entry.getFileName().toString()).toList();
        } catch (NoSuchFileException notYet) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list " + folder, e);
        }
    }

    private static List<String> remoteNames(RemoteFileEndpoint<?> endpoint, Exchange exchange, String folder) {
        RemoteFileOperations<?> operations;
        try {
            operations = endpoint.createRemoteFileOperations();
        } catch (Exception e) {
            throw new IllegalStateException("Could not reach the server to list " + folder, e);
        }
        operations.connect(endpoint.getConfiguration(), exchange);
        try {
            if (!operations.existsFile(folder)) {
                return List.of();
            }
            List<String> names = new ArrayList<>();
            for (Object entry : operations.listFiles(folder)) {
                names.add(((SftpRemoteFile<?>) entry).getFilename());
            }
            return names;
        } finally {
            try {
                operations.disconnect();
            } catch (GenericFileOperationFailedException ignored) {
                // listed already; the connection was ours alone
            }
        }
    }
}

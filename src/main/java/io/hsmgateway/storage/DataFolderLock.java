package io.hsmgateway.storage;

import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One gateway process per local data: the embedded broker's journal and the H2 database's files. A second process on
 * the same folder would not fail: Artemis waits forever for its journal's lock ("AMQ221034: Waiting indefinitely to
 * obtain primary lock"), neither serving nor stopping. So a lock file is taken before either opens, without
 * waiting, and held until the gateway stops (the system drops it when the process dies, however it dies); when
 * another process holds it, the start-up fails at once with one line naming the folder.
 */
public final class DataFolderLock extends ServiceSupport {

    private final FileChannel channel;
    private final FileLock lock;

    private DataFolderLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes {@code lockFile} (created if absent) for as long as the context runs.
     *
     * @param what  what the folder holds and the key that names it, for the one line: "the embedded broker's journal
     *              (hsm.jms.data-dir)"
     * @throws InUseException when another process (or another gateway in this one) holds it
     */
    public static void hold(CamelContext context, Path lockFile, String what) throws Exception {
        Path folder = lockFile.toAbsolutePath().getParent();
        // created as the data itself would be: owner-only
        OwnerOnlyFiles.directory(folder, "data");
        try {
            OwnerOnlyFiles.createFile(lockFile, new byte[0]);
        } catch (FileAlreadyExistsException left) {
            // a former process's: locks are not in the file, the system holds them
        }
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException heldInThisProcess) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new InUseException(folder + " is in use by another gateway process (" + what + ", locked in "
                    + lockFile.getFileName() + "): stop that process, or give this one a folder of its own");
        }
        // a service added now stops after everything started later: the lock outlives the broker and the pool
        context.addService(new DataFolderLock(channel, lock));
    }

    @Override
    protected void doStop() throws IOException {
        lock.release();
        channel.close();
    }

    /** The folder is another process's. */
    public static final class InUseException extends IOException {
        public InUseException(String message) {
            super(message);
        }
    }
}

package io.hsmgateway.doors.file;

import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.component.file.GenericFileExclusiveReadLockStrategy;
import org.apache.camel.component.file.GenericFileOperations;
import org.apache.camel.component.file.remote.RemoteFileEndpoint;
import org.apache.camel.component.file.remote.SftpRemoteFile;
import org.apache.camel.component.file.remote.strategy.SftpChangedExclusiveReadLockStrategy;
import org.apache.camel.spi.IdempotentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SFTP door's read lock, what {@code readLock=idempotent-changed} is for local files (Camel's remote file
 * consumers offer only none, rename and changed): a file is one node's once that node holds its row in
 * {@link DropFileLocks} (key: the file's path on the server), and then, as before, once its size and timestamp have
 * not changed for the endpoint's {@code readLockCheckInterval}. The file is looked for on the server after the lock
 * is taken: a node releases a lock only after moving its file to .done/ or .error/, so a file another node has
 * finished (listed here before it was moved) is skipped, never taken again. The lock is released (its row deleted)
 * once the file is moved, or when processing stops short (rollback, abort), so that the next poll tries it again
 * (a lock this node does not hold is never released: {@link DropFileLocks#remove(String)}).
 * The stability check is configured from the endpoint's own readLock* options.
 */
public class SftpDropLock implements GenericFileExclusiveReadLockStrategy<SftpRemoteFile> {

    private static final Logger LOG = LoggerFactory.getLogger(SftpDropLock.class);

    private final IdempotentRepository locks;
    /** One stability check per endpoint that uses this lock, configured from its readLock* options. */
    private final Map<Endpoint, SftpChangedExclusiveReadLockStrategy> changed = new ConcurrentHashMap<>();

    public SftpDropLock(IdempotentRepository locks) {
        this.locks = locks;
    }

    @Override
    public void prepareOnStartup(GenericFileOperations<SftpRemoteFile> operations, GenericFileEndpoint<SftpRemoteFile> endpoint) {
        SftpChangedExclusiveReadLockStrategy check = new SftpChangedExclusiveReadLockStrategy();
        check.setTimeout(endpoint.getReadLockTimeout());
        check.setCheckInterval(endpoint.getReadLockCheckInterval());
        check.setMinLength(endpoint.getReadLockMinLength());
        check.setMinAge(endpoint.getReadLockMinAge());
        check.setReadLockLoggingLevel(endpoint.getReadLockLoggingLevel());
        if (endpoint instanceof RemoteFileEndpoint<?> remote) {
            check.setFastExistsCheck(remote.isFastExistsCheck());
        }
        changed.put(endpoint, check);
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public boolean acquireExclusiveReadLock(GenericFileOperations<SftpRemoteFile> operations, GenericFile<SftpRemoteFile> file,
                                            Exchange exchange) throws Exception {
        String key = file.getAbsoluteFilePath();
        if (!locks.add(exchange, key)) {
            LOG.debug("{} is another node's: skipped", key);
            return false;
        }
        boolean taken = false;
        try {
            if (!operations.existsFile(key)) {
                LOG.debug("{} is gone (another node finished it): skipped", key);
                return false;
            }
            SftpChangedExclusiveReadLockStrategy check = changed.get(exchange.getFromEndpoint());
            if (check == null) {
                throw new IllegalStateException("No stability check prepared for " + exchange.getFromEndpoint());
            }
            taken = ((GenericFileExclusiveReadLockStrategy) check).acquireExclusiveReadLock(operations, file, exchange);
            return taken;
        } finally {
            if (!taken) {
                locks.remove(exchange, key);
            }
        }
    }

    /** Releases this node's lock on the file at {@code key} (its absolute path) without moving the file. */
    public void release(Exchange exchange, String key) {
        locks.remove(exchange, key);
    }

    @Override
    public void releaseExclusiveReadLockOnAbort(GenericFileOperations<SftpRemoteFile> operations, GenericFile<SftpRemoteFile> file,
                                                Exchange exchange) {
        release(exchange, file.getAbsoluteFilePath());
    }

    @Override
    public void releaseExclusiveReadLockOnRollback(GenericFileOperations<SftpRemoteFile> operations, GenericFile<SftpRemoteFile> file,
                                                   Exchange exchange) {
        release(exchange, file.getAbsoluteFilePath());
    }

    @Override
    public void releaseExclusiveReadLockOnCommit(GenericFileOperations<SftpRemoteFile> operations, GenericFile<SftpRemoteFile> file,
                                                 Exchange exchange) {
        release(exchange, file.getAbsoluteFilePath());
    }

    // configured from each endpoint's options at prepareOnStartup, not through these
    @Override
    public void setTimeout(long timeout) {
    }

    @Override
    public void setCheckInterval(long checkInterval) {
    }

    @Override
    public void setReadLockLoggingLevel(LoggingLevel readLockLoggingLevel) {
    }

    @Override
    public void setMarkerFiler(boolean markerFile) {
    }

    @Override
    public void setDeleteOrphanLockFiles(boolean deleteOrphanLockFiles) {
    }
}

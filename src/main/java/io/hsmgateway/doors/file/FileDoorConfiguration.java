package io.hsmgateway.doors.file;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hsmgateway.config.GatewaySettings;
import io.hsmgateway.config.SettingsReader;
import io.hsmgateway.config.StartupFailure;
import io.hsmgateway.storage.GroupCommit;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;

/**
 * The beans the drop-folder kamelets ({@code hsm-drop-folder-source}, {@code hsm-sftp-drop-folder-source}) refer to
 * by name: the file reader, the entry filter, the per-record ledger, the report writer and the threads records run on.
 */
public class FileDoorConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(FileDoorConfiguration.class);

    public static final String DROP_FILES = "dropFiles";
    public static final String ENTRY_FILTER = "dropEntryFilter";
    public static final String LEDGER = "dropRecordLedger";
    public static final String AGGREGATOR = "dropReportAggregator";
    public static final String POLL_FAILURE_LOG = "pollFailureLog";
    /** Thread pool profile of a door's splitter: each drop-folder kamelet gets a pool of its own from it. */
    public static final String RECORD_THREADS = "dropRecordThreads";
    /** Records of one file processed side by side, per door (1: one at a time). */
    static final String PARALLEL_RECORDS = "hsm.inbox.parallel-records";
    /** Processor name of the ledger's rows: records already taken, kept in the database across restarts. */
    static final String LEDGER_NAME = "drop-file";
    /** Which node holds which dropped file (the read lock shared by every node), per door: its rows' processor names. */
    public static final String FILE_LOCKS = "dropFileLocks";
    public static final String SFTP_LOCKS = "sftpFileLocks";
    /** The SFTP door's read lock (an exclusiveReadLockStrategy): SFTP_LOCKS plus Camel's stability check. */
    public static final String SFTP_READ_LOCK = "sftpDropLock";
    static final String FILE_LOCK_NAME = "drop-file-lock";
    static final String SFTP_LOCK_NAME = "sftp-file-lock";
    /** A file's lock not renewed for this long is a dead node's: another node takes the file over. */
    static final String LOCK_EXPIRES_MS = "hsm.inbox.lock-expires-ms";
    /** How often a node renews the locks of the files it is processing; under LOCK_EXPIRES_MS. */
    static final String LOCK_RENEW_MS = "hsm.inbox.lock-renew-ms";
    /** Derived from hsm.sftp.strict-host-key-checking: JSch wants yes/no, and treats anything else as no. */
    static final String JSCH_STRICT = "hsm.sftp.jsch-strict-host-key-checking";

    /** @param settings the one request size limit of every door (hsm.request.max-bytes, read and checked once) */
    @BindToRegistry(DROP_FILES)
    public DropFiles dropFiles(@BeanInject GatewaySettings settings, @BeanInject ObjectMapper json, CamelContext context) {
        DropLimits limits = new DropLimits(settings.requestMaxBytes(),
                new SettingsReader(context.getPropertiesComponent()).bytes(DropLimits.MAX_FILE_BYTES));
        DropScratch.deleteLeftovers(); // a killed gateway's reports in progress
        return new DropFiles(json, limits);
    }

    @BindToRegistry(ENTRY_FILTER)
    public DropEntryFilter dropEntryFilter() {
        return new DropEntryFilter();
    }

    @BindToRegistry(LEDGER)
    public RecordLedger dropRecordLedger(@BeanInject DataSource dataSource, @BeanInject GroupCommit commits) {
        return new RecordLedger(dataSource, commits, LEDGER_NAME);
    }

    @BindToRegistry(FILE_LOCKS)
    public DropFileLocks dropFileLocks(@BeanInject DataSource dataSource, CamelContext context) throws Exception {
        return fileLocks(dataSource, context, FILE_LOCK_NAME);
    }

    @BindToRegistry(SFTP_LOCKS)
    public DropFileLocks sftpFileLocks(@BeanInject DataSource dataSource, CamelContext context) throws Exception {
        return fileLocks(dataSource, context, SFTP_LOCK_NAME);
    }

    @BindToRegistry(SFTP_READ_LOCK)
    public SftpDropLock sftpDropLock(@BeanInject(SFTP_LOCKS) DropFileLocks locks) {
        return new SftpDropLock(locks);
    }

    private static DropFileLocks fileLocks(DataSource dataSource, CamelContext context, String processorName) throws Exception {
        SettingsReader settings = new SettingsReader(context.getPropertiesComponent());
        long expiresMs = settings.wholeNumber(LOCK_EXPIRES_MS);
        long renewMs = settings.wholeNumber(LOCK_RENEW_MS);
        if (renewMs <= 0 || expiresMs <= renewMs) {
            // renewals no more often than the lease: a live node's file would be taken from it
            throw new StartupFailure(LOCK_RENEW_MS + "=" + renewMs + ": expected more than 0 and less than "
                    + LOCK_EXPIRES_MS + " (" + expiresMs + ")");
        }
        DropFileLocks locks = new DropFileLocks(dataSource, processorName, context, expiresMs, renewMs);
        // started with the context (its keep-alive runs from then on), stopped before the database pool
        context.addService(locks, true, true);
        return locks;
    }

    /** The SFTP door's failed polls (a refused login or host key): one line per reason an hour, not a stack trace each. */
    @BindToRegistry(POLL_FAILURE_LOG)
    public PollFailureLog pollFailureLog() {
        return new PollFailureLog();
    }

    @BindToRegistry(AGGREGATOR)
    public ReportAggregator dropReportAggregator(@BeanInject(LEDGER) JdbcMessageIdRepository ledger) {
        return new ReportAggregator(ledger);
    }

    @Override
    public void configure(CamelContext context) {
        PropertiesComponent properties = context.getPropertiesComponent();
        int parallelRecords = new SettingsReader(properties).positive(PARALLEL_RECORDS);
        context.getExecutorServiceManager().registerThreadPoolProfile(recordThreads(parallelRecords));
        boolean strict = !"false".equalsIgnoreCase(
                properties.resolveProperty("hsm.sftp.strict-host-key-checking").orElse("true").trim());
        properties.addInitialProperty(JSCH_STRICT, strict ? "yes" : "no");
        if (!strict && Boolean.parseBoolean(properties.resolveProperty("hsm.sftp.enabled").orElse("false").trim())) {
            LOG.warn("SFTP door: host keys are NOT verified (hsm.sftp.strict-host-key-checking=false)");
        }
    }

    /**
     * The threads a file's records run on. The streaming splitter reads the next record only once a thread has
     * taken the previous one, so at most two tasks ever wait in the queue (the next record and the reading of the
     * one after): the file is never read ahead into memory. The queue's bound and "caller runs" are a safety net
     * that slows the reading down rather than refusing a record.
     */
    static ThreadPoolProfile recordThreads(int threads) {
        return new ThreadPoolProfileBuilder(RECORD_THREADS)
                .poolSize(threads)
                .maxPoolSize(threads)
                .maxQueueSize(Math.max(2, threads))
                .rejectedPolicy(ThreadPoolRejectedPolicy.CallerRuns)
                .allowCoreThreadTimeOut(true)
                .build();
    }
}

package io.hsmgateway.doors.file;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hsmgateway.config.SettingsReader;
import org.apache.camel.CamelContext;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;

/**
 * Registers the beans the YAML doors ({@code routes/file-door.camel.yaml}, {@code routes/sftp-door.camel.yaml},
 * {@code routes/drop-file.camel.yaml}) refer to by name.
 */
public final class FileDoors {

    private static final Logger LOG = LoggerFactory.getLogger(FileDoors.class);

    public static final String DROP_FILES = "dropFiles";
    public static final String ENTRY_FILTER = "dropEntryFilter";
    public static final String LEDGER = "dropRecordLedger";
    public static final String AGGREGATOR = "dropReportAggregator";
    public static final String POLL_FAILURE_LOG = "pollFailureLog";
    /** Processor name of the ledger's rows: records already taken, kept in the database across restarts. */
    static final String LEDGER_NAME = "drop-file";
    /** Derived from hsm.sftp.strict-host-key-checking: JSch wants yes/no, and treats anything else as no. */
    static final String JSCH_STRICT = "hsm.sftp.jsch-strict-host-key-checking";
    private FileDoors() {
    }

    /** @param requestMaxBytes the one request size limit of every door (hsm.request.max-bytes, read and checked once) */
    public static void bind(CamelContext context, DataSource dataSource, ObjectMapper json, int requestMaxBytes) {
        PropertiesComponent properties = context.getPropertiesComponent();
        DropLimits limits = new DropLimits(requestMaxBytes,
                new SettingsReader(properties).bytes(DropLimits.MAX_FILE_BYTES));
        JdbcMessageIdRepository ledger = new JdbcMessageIdRepository(dataSource, LEDGER_NAME);
        ledger.setCreateTableIfNotExists(false); // Flyway V2 creates it
        context.getRegistry().bind(DROP_FILES, new DropFiles(json, limits));
        context.getRegistry().bind(ENTRY_FILTER, new DropEntryFilter());
        context.getRegistry().bind(LEDGER, ledger);
        context.getRegistry().bind(AGGREGATOR, new ReportAggregator(ledger));
        context.getRegistry().bind(POLL_FAILURE_LOG, new PollFailureLog());

        boolean strict = !"false".equalsIgnoreCase(
                properties.resolveProperty("hsm.sftp.strict-host-key-checking").orElse("true").trim());
        properties.addInitialProperty(JSCH_STRICT, strict ? "yes" : "no");
        if (!strict && Boolean.parseBoolean(properties.resolveProperty("hsm.sftp.enabled").orElse("false").trim())) {
            LOG.warn("SFTP door: host keys are NOT verified (hsm.sftp.strict-host-key-checking=false)");
        }
    }
}

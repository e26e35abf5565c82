package io.hsmgateway.doors.file;

import io.hsmgateway.Hsm;
import io.hsmgateway.api.ApiCode;
import io.hsmgateway.api.ApiResponse;
import io.hsmgateway.pipeline.IdempotencyKeys;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.DefaultExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The splitter's aggregation: every record's exchange reaches it with the sink's answer ({@code hsmResponse}),
 * refusals included. It adds the record's report line and releases the idempotency key of records that were
 * certainly not sent, so dropping the file again retries them; sent ones, and ones that may have been sent, stay
 * claimed.
 */
public class ReportAggregator implements AggregationStrategy {

    private static final Logger LOG = LoggerFactory.getLogger(ReportAggregator.class);

    private final IdempotentRepository ledger;

    public ReportAggregator(IdempotentRepository ledger) {
        this.ledger = ledger;
    }

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        throw new UnsupportedOperationException("needs the input exchange");
    }

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange, Exchange inputExchange) {
        DropReport report = inputExchange.getProperty(DropFiles.REPORT, DropReport.class);
        DropRecord record = newExchange.getProperty(DropFiles.RECORD, DropRecord.class);
        if (record != null) {
            if (newExchange.getProperty(Exchange.DUPLICATE_MESSAGE, false, Boolean.class)) {
                // the ledger found it, with the notification it was sent as the first time
                report.duplicate(record, newExchange.getProperty(RecordLedger.FIRST_NOTIFICATION_ID, String.class));
            } else {
                ApiResponse response = newExchange.getProperty(Hsm.RESPONSE, ApiResponse.class);
                if (response == null) { // failed outside the pipeline (e.g. the ledger's database)
                    LOG.error("Record {} of {} failed", record.number(), inputExchange.getProperty(DropFiles.PATH),
                            newExchange.getException());
                    response = ApiResponse.of(ApiCode.INTERNAL_ERROR, null);
                }
                report.answered(record, response);
                if (!IdempotencyKeys.mayHaveBeenSent(response)) { // sent, or may have been: never again
                    ledger.remove(record.key());
                }
            }
        }
        // The splitter copies the result onto the file's exchange: a record's exchange could bring along an
        // "error handled" state (a door whose own mapping failed) and stop the file's route, so the result is blank.
        return oldExchange != null ? oldExchange : new DefaultExchange(inputExchange.getContext());
    }
}

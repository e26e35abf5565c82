package io.hsmgateway.pipeline.outcome;

import io.hsmgateway.pipeline.whatsapp.CloudApiCodes;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.hsmgateway.Hsm;
import io.hsmgateway.api.ApiCode;
import io.hsmgateway.api.ApiResponse;
import io.hsmgateway.api.JoiError;
import io.hsmgateway.api.RejectedException;
import io.hsmgateway.pipeline.delivery.RetryPolicy;
import io.hsmgateway.pipeline.delivery.ThroughputLimits;
import io.hsmgateway.pipeline.whatsapp.DeliveryTarget;
import io.hsmgateway.pipeline.NotificationRequest;
import io.hsmgateway.pipeline.SchemaViolations;
import io.hsmgateway.pipeline.whatsapp.ProviderException;
import io.hsmgateway.secrets.UnreadableAccessTokenException;
import org.apache.camel.Exchange;
import org.apache.camel.component.jsonvalidator.JsonValidationException;
import org.apache.camel.component.jsonvalidator.NoJsonBodyValidationException;
import org.apache.camel.util.ObjectHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessResourceFailureException;

import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns whatever stopped a notification into its {@link Outcome}: the envelope for the caller and what to
 * record. Bad input is a 4xx in the API's envelope; WhatsApp's failures follow the {@link RetryPolicy};
 * a fault of ours is an INTERNAL_ERROR envelope whose details stay in the log, never in the answer.
 */
public class FailureClassifier {

    public static final String BEAN_NAME = "failureClassifier";

    private static final Logger LOG = LoggerFactory.getLogger(FailureClassifier.class);

    private final RetryPolicy retryPolicy;
    private final ThroughputLimits limits;

    public FailureClassifier(RetryPolicy retryPolicy, ThroughputLimits limits) {
        this.retryPolicy = retryPolicy;
        this.limits = limits;
    }

    public Outcome classify(Exchange exchange) {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (failure instanceof RejectedException rejected) {
            return rejected(rejected.response());
        }
        if (failure instanceof JsonValidationException invalid && !invalid.getErrors().isEmpty()) {
            return rejected(ApiResponse.of(ApiCode.INVALID_BODY, SchemaViolations.toJoi(invalid.getErrors())));
        }
        if (failure instanceof NoJsonBodyValidationException
                || ObjectHelper.getException(JsonProcessingException.class, failure) != null) {
            return rejected(ApiResponse.of(ApiCode.INVALID_BODY, List.of(
                    JoiError.at(List.of(), "object.base", "must be of type object", new LinkedHashMap<>()))));
        }
        String notificationId = exchange.getProperty(Hsm.NOTIFICATION_ID, String.class);
        if (failure instanceof ProviderException provider) {
            DeliveryTarget target = exchange.getProperty(Hsm.TARGET, DeliveryTarget.class);
            if (target != null && Integer.valueOf(CloudApiCodes.RATE_LIMIT).equals(provider.providerCode())) {
                limits.slowDown(target.phoneNumberId());
            }
            NotificationRequest request = exchange.getProperty(Hsm.REQUEST, NotificationRequest.class);
            if (target != null && request != null
                    && Integer.valueOf(CloudApiCodes.PAIR_RATE_LIMIT).equals(provider.providerCode())) {
                limits.backOffPair(target.phoneNumberId(), request.getDestination());
            }
            return providerFailure(provider, attempts(exchange), notificationId);
        }
        if (failure instanceof UnreadableAccessTokenException unreadable) {
            // a configuration fault of ours, not the caller's: nothing was sent; a dead letter to replay once fixed
            LOG.error("Notification {} not sent: {}", notificationId, unreadable.getMessage());
            return new Outcome(ApiResponse.of(ApiCode.INTERNAL_ERROR, null), NotificationStatus.FAILED, null,
                    unreadable.getMessage(), null, true, null);
        }
        if (databaseUnavailable(failure)) {
            LOG.error("Notification {} refused: the database is unavailable ({})", notificationId, failure.getMessage());
            return Outcome.of(ApiResponse.of(ApiCode.SERVICE_UNAVAILABLE, null), NotificationStatus.REJECTED,
                    ApiCode.SERVICE_UNAVAILABLE.name());
        }
        LOG.error("Notification {} failed unexpectedly", notificationId, failure);
        return Outcome.of(ApiResponse.of(ApiCode.INTERNAL_ERROR, null), NotificationStatus.FAILED,
                "internal error: " + failure.getClass().getSimpleName());
    }

    /** The database cannot be reached (as opposed to a statement failing): the caller should try again. */
    static boolean databaseUnavailable(Exception failure) {
        return ObjectHelper.getException(SQLTransientConnectionException.class, failure) != null
                || ObjectHelper.getException(SQLNonTransientConnectionException.class, failure) != null
                || ObjectHelper.getException(SQLRecoverableException.class, failure) != null
                || ObjectHelper.getException(DataAccessResourceFailureException.class, failure) != null;
    }

    private static Outcome rejected(ApiResponse response) {
        return Outcome.of(response, NotificationStatus.REJECTED, response.code());
    }

    /** Attempts made so far, this pass's included. */
    private static int attempts(Exchange exchange) {
        int before = exchange.getProperty(Hsm.ATTEMPTS, 0, Integer.class);
        return before + exchange.getProperty(Hsm.CALLS, 0, Integer.class);
    }

    private Outcome providerFailure(ProviderException failure, int attempts, String notificationId) {
        RetryPolicy.Decision decision = retryPolicy.decide(failure, attempts, Instant.now());
        LOG.warn("Notification {} not delivered on attempt {} ({}): {}", notificationId, attempts, failure.getMessage(),
                decision.getClass().getSimpleName());
        String error = failure.getMessage();
        if (decision instanceof RetryPolicy.Retry retry) {
            return new Outcome(queued(failure, retry.at()), NotificationStatus.RETRYING, null, error, retry.at(), false, null);
        }
        if (decision instanceof RetryPolicy.PauseWebsite pause) {
            return new Outcome(queued(failure, pause.until()), NotificationStatus.RETRYING, null, error, pause.until(),
                    false, pause.until());
        }
        if (decision instanceof RetryPolicy.Unknown) {
            // in doubt (a read timeout, a close or reset after the request was written, an answer it cannot read):
            // the message may or may not have been sent, so it is neither resent nor a dead letter to replay
            return Outcome.of(ApiResponse.of(ApiCode.PROVIDER_TIMEOUT, Map.of("reason", failure.getMessage())),
                    NotificationStatus.UNKNOWN, error);
        }
        return new Outcome(ApiResponse.of(ApiCode.PROVIDER_ERROR, providerResult(failure, null)),
                NotificationStatus.FAILED, null, ((RetryPolicy.GiveUp) decision).reason(), null, true, null);
    }

    private static ApiResponse queued(ProviderException failure, Instant nextAttemptAt) {
        return ApiResponse.of(ApiCode.QUEUED, providerResult(failure, nextAttemptAt));
    }

    private static Map<String, Object> providerResult(ProviderException failure, Instant nextAttemptAt) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("providerCode", failure.providerCode());
        result.put("providerMessage", failure.providerMessage());
        result.put("providerStatus", failure.httpStatus() == 0 ? null : failure.httpStatus());
        if (nextAttemptAt != null) {
            result.put("nextAttemptAt", nextAttemptAt.toString());
        }
        return result;
    }
}

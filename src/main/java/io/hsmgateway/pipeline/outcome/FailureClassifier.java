package io.hsmgateway.pipeline.outcome;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.hsmgateway.Hsm;
import io.hsmgateway.api.ApiCode;
import io.hsmgateway.api.ApiResponse;
import io.hsmgateway.api.JoiError;
import io.hsmgateway.api.RejectedException;
import io.hsmgateway.pipeline.SchemaViolations;
import io.hsmgateway.pipeline.whatsapp.ProviderException;
import org.apache.camel.Exchange;
import org.apache.camel.component.jsonvalidator.JsonValidationException;
import org.apache.camel.component.jsonvalidator.NoJsonBodyValidationException;
import org.apache.camel.util.ObjectHelper;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns whatever stopped a notification into its {@link Outcome}: the envelope for the caller and the
 * status to record. Bad input is a 4xx in the API's envelope; a fault of ours is an INTERNAL_ERROR
 * envelope whose details stay in the log, never in the answer.
 */
public class FailureClassifier {

    private static final Logger LOG = LoggerFactory.getLogger(FailureClassifier.class);

    private final String deliverRouteId;

    /** @param deliverRouteId the step whose I/O failures are the Cloud API's, not ours */
    public FailureClassifier(String deliverRouteId) {
        this.deliverRouteId = deliverRouteId;
    }

    public Outcome classify(Exchange exchange) {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String notificationId = exchange.getProperty(Hsm.NOTIFICATION_ID, String.class);
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
        if (failure instanceof ProviderException provider) {
            LOG.warn("Notification {} not sent: {}", notificationId, provider.getMessage());
            return providerFailure(provider.httpStatus(), provider.providerCode(), provider.providerMessage(), false);
        }
        if (deliverRouteId.equals(exchange.getProperty(Exchange.FAILURE_ROUTE_ID, String.class))
                && ObjectHelper.getException(IOException.class, failure) != null) {
            return unreachable(notificationId, failure);
        }
        LOG.error("Notification {} failed unexpectedly", notificationId, failure);
        return new Outcome(ApiResponse.of(ApiCode.INTERNAL_ERROR, null), NotificationStatus.FAILED, null,
                "internal error: " + failure.getClass().getSimpleName());
    }

    private static Outcome rejected(ApiResponse response) {
        return new Outcome(response, NotificationStatus.REJECTED, null, response.code());
    }

    /** Connection failures mean nothing was sent; a read timeout means we cannot know. */
    private static Outcome unreachable(String notificationId, Exception failure) {
        boolean readTimeout = ObjectHelper.getException(SocketTimeoutException.class, failure) != null
                && ObjectHelper.getException(ConnectTimeoutException.class, failure) == null;
        LOG.warn("Notification {}: Cloud API {}", notificationId, readTimeout ? "did not answer in time" : "unreachable");
        if (readTimeout) {
            return new Outcome(ApiResponse.of(ApiCode.PROVIDER_TIMEOUT, Map.of("reason", "read timeout")),
                    NotificationStatus.UNKNOWN, null, "read timeout");
        }
        return providerFailure(0, null, "unreachable: " + failure.getClass().getSimpleName(), false);
    }

    private static Outcome providerFailure(int httpStatus, Integer code, String message, boolean unknown) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("providerCode", code);
        result.put("providerMessage", message);
        result.put("providerStatus", httpStatus == 0 ? null : httpStatus);
        return new Outcome(ApiResponse.of(ApiCode.PROVIDER_ERROR, result),
                unknown ? NotificationStatus.UNKNOWN : NotificationStatus.FAILED, null,
                (code == null ? "" : code + ": ") + message);
    }
}

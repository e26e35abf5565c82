package io.hsmgateway.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The envelope of every answer: {@code {code, statusCode, description, result}}, plus the id of the
 * notification when one was recorded (extra top-level fields are allowed by the contract).
 */
@JsonPropertyOrder({"code", "statusCode", "description", "result", "notificationId"})
public record ApiResponse(
        String code,
        int statusCode,
        String description,
        @JsonInclude(JsonInclude.Include.ALWAYS) Object result,
        @JsonInclude(JsonInclude.Include.NON_NULL) String notificationId) {

    public static ApiResponse of(ApiCode code, Object result) {
        return new ApiResponse(code.name(), code.statusCode(), code.description(), result, null);
    }

    public static ApiResponse of(ApiCode code, String description, Object result) {
        return new ApiResponse(code.name(), code.statusCode(), description, result, null);
    }

    public ApiResponse withNotificationId(String id) {
        return new ApiResponse(code, statusCode, description, result, id);
    }

    @JsonIgnore
    public boolean isSuccess() {
        return ApiCode.SUCCESS.name().equals(code);
    }
}

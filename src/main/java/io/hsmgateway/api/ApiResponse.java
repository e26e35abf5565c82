package io.hsmgateway.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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

    /**
     * At most this many problems are listed in an answer; a last one counts the rest. A body with thousands of
     * unknown keys would otherwise get an answer many times its own size (6,337 keys: 1.1 MB), and writing those
     * answers slowed every other request.
     */
    public static final int MAX_PROBLEMS = 20;

    public static ApiResponse of(ApiCode code, Object result) {
        return new ApiResponse(code.name(), code.statusCode(), code.description(), bounded(result), null);
    }

    public static ApiResponse of(ApiCode code, String description, Object result) {
        return new ApiResponse(code.name(), code.statusCode(), description, bounded(result), null);
    }

    /** The first {@link #MAX_PROBLEMS} problems as they were, then one that says how many more were found. */
    static Object bounded(Object result) {
        if (!(result instanceof List<?> problems) || problems.size() <= MAX_PROBLEMS
                || !(problems.get(0) instanceof JoiError)) {
            return result;
        }
        int omitted = problems.size() - MAX_PROBLEMS;
        List<Object> kept = new ArrayList<>(problems.subList(0, MAX_PROBLEMS));
        kept.add(JoiError.at(List.of(), "any.truncated", "has " + omitted + " more problems, not listed",
                Map.of("omitted", omitted)));
        return kept;
    }

    public ApiResponse withNotificationId(String id) {
        return new ApiResponse(code, statusCode, description, result, id);
    }

    @JsonIgnore
    public boolean isSuccess() {
        return ApiCode.SUCCESS.name().equals(code);
    }
}

package io.hsmgateway.doors;

/** Why a door cannot reach its source, in one line: an exception's message and its causes' (the root cause is often the telling one). */
public final class FailureReason {

    private FailureReason() {
    }

    public static String of(Throwable failure) {
        StringBuilder reason = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && reason.indexOf(t.getMessage()) < 0) {
                reason.append(reason.isEmpty() ? "" : ": ").append(t.getMessage());
            }
        }
        return reason.isEmpty() ? String.valueOf(failure) : reason.toString();
    }
}

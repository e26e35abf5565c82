package io.hsmgateway.observe;

import java.util.HashSet;
import java.util.Set;

/**
 * The {@code code} label of {@code hsm_cloudapi_errors_total}, from a bounded set: the error codes WhatsApp documents
 * (Cloud API error codes page, Graph API's common codes), the ones the operator configured
 * ({@code hsm.delivery.transient-codes}, {@code hsm.delivery.account-codes}) and {@code http_<status>} for an error
 * answer with no code. Anything else is {@value #OTHER}: a Cloud API stand-in (or a proxy) inventing codes would
 * otherwise make a new series per code and grow the registry and every scrape without bound.
 */
final class CloudApiErrorLabels {

    static final String OTHER = "other";
    static final String HTTP_OTHER = "http_other";

    /** WhatsApp's documented codes (Graph API's 0–368 common ones included). */
    private static final Set<Integer> DOCUMENTED = Set.of(
            0, 1, 2, 3, 4, 10, 33, 100, 190, 200, 368, 80007,
            130429, 130472, 130497, 131000, 131005, 131008, 131009, 131016, 131021, 131026, 131031, 131037, 131042,
            131045, 131047, 131048, 131049, 131050, 131051, 131052, 131053, 131056, 131057,
            132000, 132001, 132005, 132007, 132012, 132015, 132016, 132068, 132069,
            133000, 133004, 133005, 133006, 133008, 133009, 133010, 133015, 133016,
            134011, 135000, 2388001, 2388012, 2388019, 2388040, 2388047, 2388072, 2388073, 2388091, 2388093, 2388103,
            2494100);

    private final Set<Integer> known;

    CloudApiErrorLabels(Set<Integer> configured) {
        Set<Integer> all = new HashSet<>(DOCUMENTED);
        all.addAll(configured);
        this.known = Set.copyOf(all);
    }

    /** WhatsApp's code when it is a known one, else {@value #OTHER}. */
    String ofCode(int code) {
        return known.contains(code) ? Integer.toString(code) : OTHER;
    }

    /** An error answer without a code: {@code http_<status>} for 400–599, else {@value #HTTP_OTHER}. */
    String ofHttpStatus(int status) {
        return status >= 400 && status <= 599 ? "http_" + status : HTTP_OTHER;
    }
}

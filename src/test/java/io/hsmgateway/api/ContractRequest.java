package io.hsmgateway.api;

import java.util.List;
import java.util.Map;

/**
 * One generated request of {@link OpenApiContractTest}, and what the served document says of it.
 *
 * @param operation   the documented operation ("GET /admin/websites/{websiteId}"), or null for a path or method the
 *                    document does not have
 * @param target      the request target, path and query string, percent-encoded
 * @param authorized  the credentials the operation asks for are present and right
 * @param violations  what in the request the document's schemas refuse (a parameter or the body), empty when nothing
 * @param queryOnly   no body is expected, so a request with no violation has nothing left to refuse
 */
record ContractRequest(String operation, String method, String target, Map<String, String> headers, String body,
                       boolean authorized, List<String> violations, boolean queryOnly) {

    String describe() {
        String shownBody = body == null ? "" : " body " + clip(body, 160);
        return method + " " + clip(target, 200) + shownBody;
    }

    static String clip(String text, int max) {
        String printable = text.replace("\n", "\\n").replace("\r", "\\r").replace("\u0000", "\\0");
        return printable.length() <= max ? printable : printable.substring(0, max) + "…(" + printable.length() + " chars)";
    }
}

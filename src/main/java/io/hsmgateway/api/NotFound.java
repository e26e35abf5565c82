package io.hsmgateway.api;

/**
 * A resource that does not exist (admin API): NOT_FOUND (404), "Cant find <what>", answered by the one error handler.
 * What it names is repeated printable and on one line ({@link Identifiers#echo}), as the document's pattern says.
 */
public class NotFound extends RejectedException {

    public NotFound(String what) {
        super(ApiResponse.of(ApiCode.NOT_FOUND, "Cant find " + Identifiers.echo(what), null));
    }
}

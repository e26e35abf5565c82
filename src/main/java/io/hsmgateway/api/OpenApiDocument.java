package io.hsmgateway.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The OpenAPI 3.1 document of the HTTP port ({@code openapi.json} on the classpath, written by hand and kept
 * true by a test that checks it against the running gateway's answers). Read once, at start-up: a jar without it
 * does not start, rather than answering 500 later.
 */
public class OpenApiDocument {

    public static final String BEAN_NAME = "openApiDocument";
    public static final String RESOURCE = "openapi.json";

    private final byte[] json;

    public OpenApiDocument() {
        try (InputStream in = OpenApiDocument.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The OpenAPI document " + RESOURCE + " is not on the classpath");
            }
            this.json = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The document's bytes as they are in the repository (UTF-8 JSON); the same array every time, never changed. */
    public byte[] json() {
        return json;
    }
}

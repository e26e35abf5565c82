package io.hsmgateway.pipeline.media;

/**
 * What a HEAD request to a media link answered: its status and the two headers that matter, or why
 * it could not be asked ({@code failure} set, status 0).
 */
public record ProbeResult(int status, String contentType, String contentLength, String failure) {

    public static ProbeResult answered(int status, String contentType, String contentLength) {
        return new ProbeResult(status, contentType, contentLength, null);
    }

    public static ProbeResult failed(String failure) {
        return new ProbeResult(0, null, null, failure);
    }
}

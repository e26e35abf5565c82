package io.hsmgateway.pipeline.media;

/** The media a notification carries once probed: the request's own, or the template's default. */
public record ResolvedMedia(String link, String filename) {
}

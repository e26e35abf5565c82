package io.hsmgateway.pipeline.media;

import java.util.List;

/** Allowed mimetypes (lower case, in the order they are reported) and maximum size of one media type. */
public record MediaRule(List<String> mimeTypes, long maxFileSize) {
}

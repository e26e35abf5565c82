package io.hsmgateway.pipeline.media;

import io.hsmgateway.api.ApiCode;
import io.hsmgateway.api.RejectedException;
import io.hsmgateway.templates.TemplateType;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The published media requirements: HEAD must be allowed, the content-type must be one of the
 * template type's mimetypes, and content-length must be present and within the type's maximum.
 * Result fields are in the order the published examples show them.
 */
public class MediaRules {

    private final MediaRule image;
    private final MediaRule video;
    private final MediaRule document;

    public MediaRules(MediaRule image, MediaRule video, MediaRule document) {
        this.image = image;
        this.video = video;
        this.document = document;
    }

    private MediaRule rule(TemplateType type) {
        return switch (type) {
            case IMAGE -> image;
            case VIDEO -> video;
            case DOCUMENT -> document;
            case TEXT, LOCATION -> throw new IllegalArgumentException("No media for template type " + type);
        };
    }

    public void check(String link, TemplateType type, ProbeResult probe) {
        if (probe.failure() != null) {
            throw invalidLink(link, probe.failure());
        }
        if (probe.status() == 405 || probe.status() == 501) {
            throw new RejectedException(ApiCode.HEAD_METHOD_NOT_ALLOWED, Map.of("link", link));
        }
        if (probe.status() < 200 || probe.status() > 299) {
            throw invalidLink(link, "HEAD answered HTTP " + probe.status());
        }
        MediaRule rule = rule(type);
        Long contentLength = parseLength(probe.contentLength());
        if (!rule.mimeTypes().contains(mimeTypeOf(probe.contentType()))) {
            Map<String, Object> result = base(link, contentLength, probe.contentType(), type);
            result.put("allowedMimeTypes", rule.mimeTypes());
            throw new RejectedException(ApiCode.INVALID_CONTENT_TYPE, result);
        }
        if (contentLength == null) {
            Map<String, Object> result = base(link, null, probe.contentType(), type);
            result.put("maxFileSize", rule.maxFileSize());
            throw new RejectedException(ApiCode.INVALID_CONTENT_LENGTH, result);
        }
        if (contentLength > rule.maxFileSize()) {
            Map<String, Object> result = base(link, contentLength, probe.contentType(), type);
            result.put("maxFileSize", rule.maxFileSize());
            throw new RejectedException(ApiCode.FILE_SIZE_EXCEEDED, result);
        }
    }

    /** "Image/JPEG; charset=binary" is image/jpeg: mimetypes compare without parameters and case. */
    static String mimeTypeOf(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        String mime = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
        return mime.trim().toLowerCase(Locale.ROOT);
    }

    private static Long parseLength(String contentLength) {
        if (contentLength == null) {
            return null;
        }
        try {
            long length = Long.parseLong(contentLength.trim());
            return length < 0 ? null : length;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Map<String, Object> base(String link, Long contentLength, String contentType, TemplateType type) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("link", link);
        result.put("contentLength", contentLength);
        result.put("contentType", contentType);
        result.put("templateType", type.name());
        return result;
    }

    private static RejectedException invalidLink(String link, String reason) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("link", link);
        result.put("reason", reason);
        return new RejectedException(ApiCode.INVALID_MEDIA_LINK, result);
    }
}

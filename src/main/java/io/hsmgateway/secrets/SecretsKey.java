package io.hsmgateway.secrets;

import io.hsmgateway.storage.H2Url;
import io.hsmgateway.storage.OwnerOnlyFiles;
import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The key that encrypts the websites' access tokens at rest: {@value #KEY} (base64 of 32 bytes; environment
 * HSM_SECRETS_KEY), else the content of the file {@value #KEY_FILE}.
 * <p>
 * With neither and an embedded H2 database (the default), the key file is created, owner-only, and its place
 * logged once: a newcomer needs no set-up. A database on a server (PostgreSQL, an H2 server) may be shared by
 * several gateways, which must all use the same key: there the gateway refuses to start rather than make up
 * a key of its own that the other nodes could not read.
 */
public final class SecretsKey {

    public static final String KEY = "hsm.secrets.key";
    public static final String KEY_FILE = "hsm.secrets.key-file";

    private static final Logger LOG = LoggerFactory.getLogger(SecretsKey.class);
    private static final String GENERATE = "generate one with: openssl rand -base64 32";

    private SecretsKey() {
    }

    /**
     * @throws IllegalStateException one line naming the key or file that is missing or malformed (never its value)
     */
    public static AccessTokenCipher load(PropertiesComponent properties, String dbUrl) {
        String configured = text(properties, KEY);
        if (!configured.isEmpty()) {
            return new AccessTokenCipher(decode(configured, KEY));
        }
        String fileName = text(properties, KEY_FILE);
        if (fileName.isEmpty()) {
            throw new IllegalStateException(KEY + " and " + KEY_FILE + " are both empty: the websites' access tokens "
                    + "need a key (" + GENERATE + ")");
        }
        Path file = Path.of(fileName).toAbsolutePath().normalize();
        if (Files.exists(file)) {
            return new AccessTokenCipher(read(file));
        }
        if (!H2Url.embedded(dbUrl)) {
            throw new IllegalStateException(KEY + " is empty and the key file " + file + " does not exist. The database "
                    + "is on a server, where every gateway sharing it needs the same key: " + GENERATE + ", and give it "
                    + "to every node as " + KEY + " (HSM_SECRETS_KEY) or in the file " + KEY_FILE);
        }
        return new AccessTokenCipher(generate(file));
    }

    private static byte[] read(Path file) {
        OwnerOnlyFiles.restrictFile(file);
        try {
            return decode(Files.readString(file, StandardCharsets.US_ASCII), "the key file " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the key file " + file + " (" + KEY_FILE + ")", e);
        }
    }

    private static byte[] generate(Path file) {
        OwnerOnlyFiles.directory(file.getParent(), "secrets key");
        byte[] key = new byte[AccessTokenCipher.KEY_BYTES];
        new SecureRandom().nextBytes(key);
        try {
            OwnerOnlyFiles.createFile(file, (Base64.getEncoder().encodeToString(key) + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (FileAlreadyExistsException raced) {
            return read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the key file " + file + " (" + KEY_FILE + ")", e);
        }
        LOG.warn("""

                ****************************************************************************
                 Generated the key that encrypts the websites' access tokens: {} (rw-------).
                 Back it up with the database: without it the stored tokens are unusable
                 and must be set again. To keep it off this disk, give its content to the
                 gateway as {} (HSM_SECRETS_KEY) and delete the file.
                ****************************************************************************""", file, KEY);
        return key;
    }

    private static byte[] decode(String base64, String source) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(source + " is not base64 (" + GENERATE + ")");
        }
        if (key.length != AccessTokenCipher.KEY_BYTES) {
            throw new IllegalStateException(source + " holds " + key.length + " bytes; AES-256 needs "
                    + AccessTokenCipher.KEY_BYTES + " (" + GENERATE + ")");
        }
        return key;
    }

    private static String text(PropertiesComponent properties, String key) {
        return properties.resolveProperty(key).map(String::trim).orElse("");
    }
}

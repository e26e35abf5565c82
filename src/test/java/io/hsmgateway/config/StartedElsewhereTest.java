package io.hsmgateway.config;

import org.apache.camel.RuntimeCamelException;
import org.junit.jupiter.api.Test;

import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reported gap: started from another folder, the gateway stopped with "NoSuchFileException: routes" (Camel main
 * reads the YAML doors' file:routes/*.camel.yaml from the working directory). The one line now says where it looked
 * and what to do.
 */
class StartedElsewhereTest {

    @Test
    void aMissingRoutesFolderSaysWhereItLookedAndWhatToDo() {
        String line = StartupFailure.describe(new RuntimeCamelException(new NoSuchFileException("routes")), null);

        assertThat(line).isEqualTo("no routes in the working directory " + Path.of("").toAbsolutePath()
                + ": relative paths are read from there; start the gateway from the folder that holds routes/ and config/"
                + " (cd there first), or set camel.main.routes-include-pattern (e.g. file:/srv/hsm/routes/*.camel.yaml)"
                + " to an absolute path");
    }
}

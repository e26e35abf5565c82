package io.hsmgateway.callbacks;

import java.util.Map;

class StatusCallbacksH2Test extends StatusCallbacksContract {

    @Override
    Map<String, String> database() {
        return Map.of();
    }
}

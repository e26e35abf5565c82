package io.hsmgateway.delivery;

import java.util.Map;

class IdempotencyH2Test extends IdempotencyContract {

    @Override
    Map<String, String> database() {
        return Map.of();
    }
}

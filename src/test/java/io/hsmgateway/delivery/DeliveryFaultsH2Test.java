package io.hsmgateway.delivery;

import java.util.Map;

class DeliveryFaultsH2Test extends DeliveryFaultsContract {

    @Override
    Map<String, String> database() {
        return Map.of();
    }
}

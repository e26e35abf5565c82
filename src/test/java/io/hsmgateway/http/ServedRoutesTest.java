package io.hsmgateway.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The gate's view of what the router serves follows routes added and removed while the server runs. */
class ServedRoutesTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close();
    }

    @Test
    void aRouteAddedOrRemovedAfterTheFirstRequestIsSeenByTheNext() {
        Router router = Router.router(vertx);
        router.route().handler(routing -> routing.next()); // every path: serves nothing by itself
        router.route(HttpMethod.POST, "/website/:websiteId/hsm/notifications").handler(routing -> { });
        PathsAndMethods gate = new PathsAndMethods(new PathsAndMethods.ServedRoutes(router));

        assertThat(gate.bestMatch("/website/demo/hsm/notifications").methods()).containsExactly("POST");
        assertThat(gate.bestMatch("/orders/1")).isNull();

        Route orders = router.route(HttpMethod.GET, "/orders/:orderId").handler(routing -> { });
        router.route(HttpMethod.PUT, "/website/:websiteId/hsm/notifications").handler(routing -> { });
        assertThat(gate.bestMatch("/orders/1").methods()).containsExactly("GET");
        assertThat(gate.bestMatch("/website/demo/hsm/notifications").methods()).isEqualTo(Set.of("POST", "PUT"));

        orders.remove();
        assertThat(gate.bestMatch("/orders/1")).isNull();
    }

    @Test
    void theRoutesAreReadOnceWhileTheyStayTheSame() {
        Router router = Router.router(vertx);
        router.route(HttpMethod.GET, "/openapi.json").handler(routing -> { });
        PathsAndMethods.ServedRoutes served = new PathsAndMethods.ServedRoutes(router);

        List<PathsAndMethods.Served> first = served.get();
        assertThat(served.get()).isSameAs(first);
        router.route(HttpMethod.GET, "/health").handler(routing -> { });
        assertThat(served.get()).isNotSameAs(first).hasSize(2);
    }
}

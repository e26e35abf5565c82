package io.hsmgateway.http;

import io.hsmgateway.api.ApiCode;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.MainHttpServer;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Which path and method the gateway serves, decided before any route runs, from the routes of the HTTP server's
 * router (so the answer is true whatever added them: the REST DSL, a YAML door, the sandbox): a path no endpoint has is 404 NOT_FOUND, and a method the
 * path does not take 405 METHOD_NOT_ALLOWED with an Allow header listing those it takes, both in the envelope.
 * The most specific path decides, segment by segment a literal before a {parameter}: so GET
 * /admin/notifications/retry-now is a 405 (the action takes POST), not a lookup of a notification called
 * "retry-now". HEAD and OPTIONS too: no route takes them. Also the router's 404 and 405 error handler, for
 * whatever reaches them.
 */
public final class PathsAndMethods implements Handler<RoutingContext> {

    private final Supplier<List<Served>> endpoints;

    /** A path the router serves ({param} for a parameter, a last "*" for a prefix) and its methods (empty: any). */
    record Served(String uri, Set<String> methods, String[] segments) {
        Served(String uri, Set<String> methods) {
            this(uri, methods, split(uri));
        }
    }

    private static final Pattern PATH_PARAMETER = Pattern.compile(":([A-Za-z0-9_]+)");

    public PathsAndMethods(Supplier<List<Served>> endpoints) {
        this.endpoints = endpoints;
    }

    /** What the router's routes serve: Camel adds one route per platform-http consumer, with its methods. */
    static List<Served> served(List<Route> routes) {
        List<Served> served = new ArrayList<>();
        for (Route route : routes) {
            if (route.getPath() == null) {
                continue; // a handler for every path (ours, the body handler): serves nothing by itself
            }
            Set<String> methods = new TreeSet<>();
            if (route.methods() != null) {
                route.methods().forEach(method -> methods.add(method.name()));
            }
            served.add(new Served(PATH_PARAMETER.matcher(route.getPath()).replaceAll("{$1}"), methods));
        }
        return served;
    }

    /**
     * {@link #served(List)} of the router's routes, read again only when they change (a route started or stopped):
     * every request asks, and reading them anew each time was 5 % of a REST notification's CPU (bench/profile).
     */
    static final class ServedRoutes implements Supplier<List<Served>> {
        private final Router router;
        private volatile Snapshot last;

        private record Snapshot(List<Route> routes, List<Served> served) {
        }

        ServedRoutes(Router router) {
            this.router = router;
        }

        @Override
        public List<Served> get() {
            List<Route> routes = router.getRoutes();
            Snapshot snapshot = last;
            if (snapshot == null || !sameRoutes(snapshot.routes(), routes)) {
                snapshot = new Snapshot(routes, List.copyOf(served(routes)));
                last = snapshot;
            }
            return snapshot.served();
        }

        private static boolean sameRoutes(List<Route> before, List<Route> now) {
            if (before.size() != now.size()) {
                return false;
            }
            for (int i = 0; i < now.size(); i++) {
                if (before.get(i) != now.get(i)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Ahead of every route of the HTTP server once it exists (it is created when Camel starts), and as its 404/405. */
    public static void install(CamelContext context) throws Exception {
        context.addStartupListener((camel, alreadyStarted) -> {
            MainHttpServer server = camel.hasService(MainHttpServer.class);
            if (server == null) {
                return;
            }
            Router router = server.getRouter();
            PathsAndMethods gate = new PathsAndMethods(new ServedRoutes(router));
            // after the refusal of credentials in a query string (Integer.MIN_VALUE), before the body is read
            server.getRouter().route().order(Integer.MIN_VALUE + 1).handler(gate);
            server.getRouter().errorHandler(404, gate);
            server.getRouter().errorHandler(405, gate);
        });
    }

    @Override
    public void handle(RoutingContext routing) {
        if (routing.response().headWritten()) {
            routing.next();
            return;
        }
        String path = routing.normalizedPath();
        Match best = bestMatch(path);
        HttpMethod method = routing.request().method();
        if (best == null) {
            Envelopes.end(routing.response(), ApiCode.NOT_FOUND);
        } else if (best.methods != null && !best.methods.contains(method.name())) {
            routing.response().putHeader(HttpHeaders.ALLOW, String.join(", ", best.methods));
            Envelopes.end(routing.response(), ApiCode.METHOD_NOT_ALLOWED);
        } else if (routing.statusCode() == 404 || routing.statusCode() == 405) {
            // the router's error handler, for a request the gate above let through
            if (best.methods != null) {
                routing.response().putHeader(HttpHeaders.ALLOW, String.join(", ", best.methods));
            }
            Envelopes.end(routing.response(), routing.statusCode() == 404 ? ApiCode.NOT_FOUND : ApiCode.METHOD_NOT_ALLOWED);
        } else {
            routing.next();
        }
    }

    /** The methods of the most specific served path matching this one (null methods: any), or null for none. */
    Match bestMatch(String path) {
        String[] segments = split(path);
        List<Served> all = endpoints.get();
        String bestUri = null;
        int[] bestScore = null;
        for (Served endpoint : all) {
            int[] score = score(endpoint.segments(), segments);
            if (score != null && (bestScore == null || compare(score, bestScore) > 0)) {
                bestScore = score;
                bestUri = endpoint.uri();
            }
        }
        if (bestUri == null) {
            return null;
        }
        // every route on that path adds its methods (Camel adds one per consumer)
        Set<String> methods = new TreeSet<>();
        for (Served endpoint : all) {
            if (endpoint.uri().equals(bestUri)) {
                if (endpoint.methods().isEmpty()) {
                    return new Match(null);
                }
                methods.addAll(endpoint.methods());
            }
        }
        return new Match(methods);
    }

    record Match(Set<String> methods) {
    }

    private static String[] split(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        // a trailing slash is the same path, as the router has it
        trimmed = trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
    }

    /** 1 for each literal segment matched, 0 for a parameter; null when the template does not match the path. */
    private static int[] score(String[] template, String[] path) {
        boolean prefix = template.length > 0 && template[template.length - 1].equals("*");
        int fixed = prefix ? template.length - 1 : template.length;
        if (prefix ? path.length < fixed : path.length != fixed) {
            return null;
        }
        int[] score = new int[fixed];
        for (int i = 0; i < fixed; i++) {
            String segment = template[i];
            if (segment.startsWith("{") && segment.endsWith("}")) {
                if (path[i].isEmpty()) {
                    return null;
                }
            } else if (segment.equals(path[i])) {
                score[i] = 1;
            } else {
                return null;
            }
        }
        return score;
    }

    private static int compare(int[] a, int[] b) {
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            if (a[i] != b[i]) {
                return Integer.compare(a[i], b[i]);
            }
        }
        return Integer.compare(a.length, b.length);
    }
}

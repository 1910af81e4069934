package piapi.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Admin paths with named segments: decoding, precedence, and the difference between 404 and 405. */
class AdminRoutesTest {
    final AdminEndpoint list = r -> { };
    final AdminEndpoint one = r -> { };
    final AdminEndpoint history = r -> { };
    final AdminEndpoint set = r -> { };

    AdminRoutes routes() {
        AdminRoutes routes = new AdminRoutes();
        routes.add("GET", "/users", list);
        routes.add("DELETE", "/users/{name}", one);
        routes.add("GET", "/config/history", history);
        routes.add("PUT", "/users/{name}/services/{type}", set);
        return routes;
    }

    @Test
    void segmentsArePercentDecodedAndHandedOver() {
        AdminRoutes.Match m = routes().find("PUT", "/users/a%2Fb%20%C3%BC+c/services/codex");
        assertSame(set, m.endpoint());
        assertEquals(Map.of("name", "a/b ü+c", "type", "codex"), m.params());
    }

    @Test
    void fixedPathsAndMethodsDecide() {
        assertSame(list, routes().find("GET", "/users").endpoint());
        AdminRoutes.Match wrongMethod = routes().find("GET", "/users/bob");
        assertNull(wrongMethod.endpoint());
        assertTrue(wrongMethod.pathKnown(), "405, not 404");
        AdminRoutes.Match unknown = routes().find("GET", "/users/bob/other");
        assertNull(unknown.endpoint());
        assertFalse(unknown.pathKnown());
        assertNull(routes().find("DELETE", "/users/").endpoint(), "an empty segment names nothing");
        assertNull(routes().find("DELETE", "/users/%zz").endpoint(), "a malformed escape names nothing");
        assertNull(routes().find("DELETE", "/users/%C3").endpoint(), "broken UTF-8 names nothing");
    }

    @Test
    void aRouteIsRegisteredOnce() {
        AdminRoutes routes = routes();
        assertThrows(IllegalStateException.class, () -> routes.add("GET", "/config/history", history));
    }
}

package piapi.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import piapi.support.TestConfig;
import piapi.support.FakeUpstream;
import piapi.support.GatewayHarness;

/** The admin page's static files: served without the token, with the security headers, and nothing else. */
class AdminPageTest extends AdminGatewayTestBase {

    @Test
    void servesTheIndexWithSecurityHeadersAndNoToken() throws Exception {
        HttpResponse<String> r = piapi.send(piapi.request("/piadmin/").GET().build());
        assertEquals(200, r.statusCode());
        assertEquals("text/html; charset=utf-8", r.headers().firstValue("Content-Type").orElse(null));
        assertTrue(r.body().contains("<script"), r.body());
        securityHeaders(r);
        assertTrue(r.headers().firstValue("ETag").orElse("").matches("\"[0-9a-f]{32}\""));
        assertTrue(r.headers().firstValue("Last-Modified").isPresent());
        assertEquals("no-cache", r.headers().firstValue("Cache-Control").orElse(null));
    }

    @Test
    void everyFileInWebIsServedWithItsContentType() throws Exception {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(Path.of("web"))) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertFalse(files.isEmpty());
        for (Path f : files) {
            String name = Path.of("web").relativize(f).toString();
            HttpResponse<byte[]> r = piapi.client.send(piapi.request("/piadmin/" + name).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, r.statusCode(), name);
            assertEquals(AdminPage.contentType(name), r.headers().firstValue("Content-Type").orElse(null), name);
            assertTrue(java.util.Arrays.equals(Files.readAllBytes(f), r.body()), name);
            assertEquals(AdminPage.CSP, r.headers().firstValue("Content-Security-Policy").orElse(null), name);
        }
        assertEquals("text/javascript; charset=utf-8", AdminPage.contentType("app.js"));
        assertEquals("text/css; charset=utf-8", AdminPage.contentType("app.css"));
    }

    @Test
    void redirectsTheBarePath() throws Exception {
        HttpResponse<String> r = piapi.send(piapi.request("/piadmin").GET().build());
        assertEquals(301, r.statusCode());
        assertEquals("/piadmin/", r.headers().firstValue("Location").orElse(null));
        securityHeaders(r);
    }

    @Test
    void revalidationAnswers304() throws Exception {
        HttpResponse<String> first = piapi.send(piapi.request("/piadmin/index.html").GET().build());
        String etag = first.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again = piapi.send(piapi.request("/piadmin/index.html").header("If-None-Match", etag).GET().build());
        assertEquals(304, again.statusCode());
        assertEquals("", again.body());
        securityHeaders(again);
        HttpResponse<String> other = piapi.send(piapi.request("/piadmin/index.html").header("If-None-Match", "\"other\"").GET().build());
        assertEquals(200, other.statusCode());
        String modified = first.headers().firstValue("Last-Modified").orElseThrow();
        HttpResponse<String> since = piapi.send(piapi.request("/piadmin/index.html").header("If-Modified-Since", modified).GET().build());
        assertEquals(304, since.statusCode());
        HttpResponse<String> older = piapi.send(piapi.request("/piadmin/index.html")
                .header("If-Modified-Since", "Thu, 01 Jan 1970 00:00:00 GMT").GET().build());
        assertEquals(200, older.statusCode());
    }

    @Test
    void headHasNoBodyAndOtherMethodsAreRefused() throws Exception {
        HttpResponse<String> head = piapi.send(piapi.request("/piadmin/").method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
        HttpResponse<String> post = piapi.send(piapi.request("/piadmin/").POST(HttpRequest.BodyPublishers.ofString("x")).build());
        assertEquals(405, post.statusCode());
        assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElse(null));
        securityHeaders(post);
        securityHeaders(piapi.send(piapi.request("/piadmin/nope.js").GET().build()));
    }

    /**
     * The page stays small (under 100 KB uncompressed, every file counted) and puts data on the page as text
     * only: no HTML sink in any script, and nothing inline in the HTML for the CSP to have to allow.
     */
    @Test
    void thePageIsUnder100KbAndWritesDataAsTextOnly() throws Exception {
        long total = 0;
        List<Path> files;
        try (Stream<Path> walk = Files.walk(Path.of("web"))) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path f : files) {
            total += Files.size(f);
            String text = Files.readString(f);
            for (String sink : List.of("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function",
                    "javascript:", "createContextualFragment", "DOMParser")) {
                assertFalse(text.contains(sink), f + " uses " + sink);
            }
        }
        assertTrue(total < 100_000, "the page's files hold " + total + " bytes");
        String index = Files.readString(Path.of("web", "index.html"));
        assertFalse(index.matches("(?s).*<script(?![^>]*\\ssrc=)[^>]*>.*"), "no inline script");
        assertFalse(index.matches("(?s).*(<style|\\sstyle=|\\son[a-z]+=).*"), "no inline style or event handler");
    }

    @Test
    void nothingOutsideThePageFilesIsReachable() throws Exception {
        for (String target : List.of("/piadmin/../config.yaml", "/piadmin/%2e%2e/config.yaml", "/piadmin/..%2fconfig.yaml",
                "/piadmin/./index.html", "/piadmin//index.html", "/piadmin/nope.js", "/piadmin/web/index.html",
                "/piadmin/index.html/", "/piadmin/%69ndex.html", "/piadmin/../../../../etc/passwd")) {
            String response = rawGet(target);
            assertTrue(response.startsWith("HTTP/1.1 404") || response.startsWith("HTTP/1.1 400"), target + " -> " + response);
            assertFalse(response.contains("apiKeys"), target);
            assertFalse(response.contains("root:"), target);
        }
    }

    @Test
    void theApiStillNeedsTheToken() throws Exception {
        assertEquals(401, piapi.send(piapi.request("/piadmin/api/config").GET().build()).statusCode());
    }

    @Test
    void noPageWhenTheAdminApiIsOff() throws Exception {
        try (FakeUpstream up = FakeUpstream.json(200, "{}");
             GatewayHarness off = GatewayHarness.start(TestConfig.adminConfig(up.url(), "alice").yaml(), Map.of())) {
            HttpResponse<String> r = off.send(off.request("/piadmin/").GET().build());
            assertEquals(404, r.statusCode());
            assertTrue(r.body().contains("PIAPI_ADMIN_TOKEN"), r.body());
        }
    }

    private static void securityHeaders(HttpResponse<?> r) {
        assertEquals("default-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
                r.headers().firstValue("Content-Security-Policy").orElse(null));
        assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(null));
        assertEquals("no-referrer", r.headers().firstValue("Referrer-Policy").orElse(null));
        assertEquals("DENY", r.headers().firstValue("X-Frame-Options").orElse(null));
    }

    /** A request line sent as written: HttpClient would not send some of these targets unchanged. */
    private String rawGet(String target) throws Exception {
        try (Socket s = new Socket("127.0.0.1", piapi.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

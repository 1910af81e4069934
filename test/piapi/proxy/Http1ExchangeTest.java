package piapi.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The cleartext upstream exchange against a raw socket server, so each test decides the exact bytes and
 * when connections close: keep-alive reuse, a server's idle close, chunked bodies with trailers,
 * Connection: close, and the first-byte timeout.
 */
@Timeout(20)
class Http1ExchangeTest {
    /** Answers each request on a connection with the next script reply; a null reply closes the connection. */
    final LinkedBlockingQueue<String> replies = new LinkedBlockingQueue<>();
    final LinkedBlockingQueue<String> heads = new LinkedBlockingQueue<>();
    final AtomicInteger accepted = new AtomicInteger();
    final CountDownLatch serverClosed = new CountDownLatch(1);
    final ServerSocket server;
    final Http1Pool pool = new Http1Pool(0);

    Http1ExchangeTest() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    accepted.incrementAndGet();
                    Thread.ofVirtual().start(() -> serve(s));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            while (true) {
                String head = readHead(in);
                if (head == null) return;
                heads.add(head);
                String reply = replies.poll(10, TimeUnit.SECONDS);
                if (reply == null) return;
                boolean thenClose = reply.endsWith("#then-close"); // the server's idle close, after this reply
                if (thenClose) reply = reply.substring(0, reply.length() - "#then-close".length());
                out.write(reply.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                if (thenClose || reply.contains("Connection: close")) return;
            }
        } catch (IOException | InterruptedException e) {
            // the test ended
        } finally {
            serverClosed.countDown();
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (!b.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) return null;
            b.write(c);
        }
        String head = b.toString(StandardCharsets.ISO_8859_1);
        int at = head.indexOf("Content-Length: ");
        if (at >= 0) in.readNBytes(Integer.parseInt(head.substring(at + 16, head.indexOf('\r', at))));
        return head;
    }

    @AfterEach
    void close() throws IOException {
        pool.close();
        server.close();
    }

    HttpResponse<InputStream> send(String path) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getLocalPort() + path))
                .timeout(Duration.ofMillis(500)).header("X-Test", "yes")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        return Http1Exchange.send(pool, request, "{}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(2));
    }

    static String body(HttpResponse<InputStream> r) throws IOException {
        try (InputStream in = r.body()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void sequentialRequestsShareOneKeptAliveConnection() throws Exception {
        for (int i = 0; i < 3; i++) {
            replies.add("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n{\"n\":" + i + "}");
            HttpResponse<InputStream> r = send("/v1/x?q=" + i);
            assertEquals(200, r.statusCode());
            assertEquals("{\"n\":" + i + "}", body(r));
        }
        assertEquals(1, accepted.get());
        String head = heads.take();
        assertTrue(head.startsWith("POST /v1/x?q=0 HTTP/1.1\r\nHost: 127.0.0.1:"), head);
        assertTrue(head.contains("\r\nX-Test: yes\r\n") || head.contains("\r\nx-test: yes\r\n"), head);
        assertTrue(head.contains("\r\nContent-Length: 2\r\n"), head);
    }

    @Test
    void aConnectionTheServerClosedWhileIdleIsReplacedNotFailed() throws Exception {
        replies.add("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok#then-close");
        HttpResponse<InputStream> first = send("/a");
        assertEquals("ok", body(first));
        assertTrue(serverClosed.await(5, TimeUnit.SECONDS));
        replies.add("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nagain");
        assertEquals("again", body(send("/b")));
        assertEquals(2, accepted.get());
    }

    @Test
    void chunkedBodiesAreDecodedAndTrailersDropped() throws Exception {
        replies.add("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n");
        HttpResponse<InputStream> r = send("/chunked");
        assertEquals("hello world", body(r));
        replies.add("HTTP/1.1 204 No Content\r\n\r\n");
        assertEquals(204, send("/next").statusCode());
        assertEquals(1, accepted.get(), "the connection is reused after a chunked body read to its end");
    }

    @Test
    void connectionCloseIsHonoured() throws Exception {
        replies.add("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 3\r\n\r\none");
        assertEquals("one", body(send("/one")));
        replies.add("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\ntwo");
        assertEquals("two", body(send("/two")));
        assertEquals(2, accepted.get());
    }

    @Test
    void noResponseHeadersWithinTheRequestTimeoutIsAnHttpTimeout() {
        // no reply is queued: the server waits, and the 500 ms request timeout fires
        assertThrows(HttpTimeoutException.class, () -> send("/slow"));
    }
}

package piapi.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One request/response over a pooled {@link Http1Connection}, for cleartext upstreams. It replaces the JDK
 * HttpClient there because the proxy's cost was mostly the client's: its asynchronous pipeline hands every
 * response across several threads, where a blocking exchange on the request's own virtual thread costs a
 * write and a read. The contract is the client's: it throws {@code ConnectException},
 * {@code HttpConnectTimeoutException} (connect), {@code HttpTimeoutException} (no response headers within
 * the request's timeout) or another {@code IOException}, and returns the body as a stream.
 */
final class Http1Exchange {
    private static final int MAX_HEAD_LINE = 64 * 1024;
    private static final int MAX_HEADERS = 200;
    /** Bodies up to this size go out in the same write as the head. */
    private static final int COALESCE = 16 * 1024;

    private Http1Exchange() {}

    static HttpResponse<InputStream> send(Http1Pool pool, HttpRequest request, byte[] body, Duration connectTimeout) throws IOException {
        URI uri = request.uri();
        int port = uri.getPort() < 0 ? 80 : uri.getPort();
        String origin = uri.getHost() + ":" + port;
        byte[] head = head(request, body);
        Duration timeout = request.timeout().orElse(Duration.ofMinutes(10));
        Http1Connection c = pool.idle(origin);
        if (c != null) {
            try {
                return exchange(c, request, head, body, timeout);
            } catch (StaleConnection e) {
                // The server had closed this idle connection: the write failed, or the connection ended
                // before a byte of response. The server processed nothing, so a fresh connection may
                // carry the request again, whatever its method (Go's transport does the same).
            }
        }
        c = pool.connect(origin, uri.getHost(), port, connectTimeout);
        try {
            return exchange(c, request, head, body, timeout);
        } catch (StaleConnection e) {
            throw (IOException) e.getCause(); // a fresh connection that fails is a plain failure
        }
    }

    /** A reused connection turned out closed by the server before it could have processed the request. */
    private static final class StaleConnection extends IOException {
        private static final long serialVersionUID = 1L;

        StaleConnection(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    private static HttpResponse<InputStream> exchange(Http1Connection c, HttpRequest request, byte[] head, byte[] body,
                                                     Duration timeout) throws IOException {
        boolean ok = false;
        try {
            c.uses++;
            try {
                if (body.length <= COALESCE) {
                    byte[] all = new byte[head.length + body.length];
                    System.arraycopy(head, 0, all, 0, head.length);
                    System.arraycopy(body, 0, all, head.length, body.length);
                    c.out.write(all);
                } else {
                    c.out.write(head);
                    c.out.write(body);
                }
                c.out.flush();
            } catch (IOException e) {
                throw new StaleConnection(e);
            }
            c.readTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis())));
            HttpResponse<InputStream> response;
            try {
                response = readResponse(c, request);
            } catch (SocketTimeoutException e) {
                throw new HttpTimeoutException("request timed out");
            } catch (Http1Lines.NoBytes e) {
                throw new StaleConnection(e);
            }
            ok = true;
            return response;
        } finally {
            if (!ok) c.close();
        }
    }

    private static HttpResponse<InputStream> readResponse(Http1Connection c, HttpRequest request) throws IOException {
        while (true) {
            String status = Http1Lines.read(c.in, MAX_HEAD_LINE);
            if (!status.startsWith("HTTP/1.") || status.length() < 12 || status.charAt(8) != ' ') {
                throw new IOException("the upstream did not answer with HTTP/1.x");
            }
            int code = parseStatus(status);
            Map<String, List<String>> fields = readFields(c.in);
            if (code >= 100 && code < 200 && code != 101) continue; // interim (103 Early Hints): the real answer follows
            c.readTimeout(0); // from here on, silence is the idle watchdog's business
            HttpHeaders headers = HttpHeaders.of(fields, (n, v) -> true);
            boolean http10 = status.charAt(7) == '0';
            boolean reusable = !http10 && !hasToken(fields.get("Connection"), "close");
            InputStream body;
            if (request.method().equals("HEAD") || code == 204 || code == 304 || code < 200) {
                body = Http1Body.empty(c, reusable);
            } else if (fields.containsKey("Transfer-Encoding")) {
                body = hasToken(fields.get("Transfer-Encoding"), "chunked") ? Http1Body.chunked(c, reusable) : Http1Body.untilClose(c);
            } else if (fields.containsKey("Content-Length")) {
                long length = contentLength(fields.get("Content-Length"));
                body = length == 0 ? Http1Body.empty(c, reusable) : Http1Body.fixed(c, length, reusable);
            } else {
                body = Http1Body.untilClose(c);
            }
            return new Http1Response(request, code, headers, body);
        }
    }

    /** The request head: request line, Host, the request's headers, Content-Length. */
    static byte[] head(HttpRequest request, byte[] body) {
        URI uri = request.uri();
        String target = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        StringBuilder sb = new StringBuilder(512).append(request.method()).append(' ').append(target);
        if (uri.getRawQuery() != null) sb.append('?').append(uri.getRawQuery());
        sb.append(" HTTP/1.1\r\nHost: ").append(uri.getRawAuthority()).append("\r\n");
        for (Map.Entry<String, List<String>> h : request.headers().map().entrySet()) {
            for (String value : h.getValue()) sb.append(h.getKey()).append(": ").append(value).append("\r\n");
        }
        if (body.length > 0 || UpstreamRequests.expectsBody(request.method())) {
            sb.append("Content-Length: ").append(body.length).append("\r\n");
        }
        return sb.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static int parseStatus(String line) throws IOException {
        try {
            return Integer.parseInt(line, 9, 12, 10);
        } catch (NumberFormatException e) {
            throw new IOException("bad status line from the upstream");
        }
    }

    private static Map<String, List<String>> readFields(InputStream in) throws IOException {
        Map<String, List<String>> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        int count = 0;
        while (true) {
            String line = Http1Lines.read(in, MAX_HEAD_LINE);
            if (line.isEmpty()) return fields;
            if (++count > MAX_HEADERS) throw new IOException("the upstream sent more than " + MAX_HEADERS + " header lines");
            int colon = line.indexOf(':');
            if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                throw new IOException("malformed header line from the upstream");
            }
            String name = line.substring(0, colon).strip();
            fields.computeIfAbsent(name, k -> new ArrayList<>(1)).add(line.substring(colon + 1).strip());
        }
    }

    private static long contentLength(List<String> values) throws IOException {
        long length = -1;
        for (String v : values) {
            for (String part : v.split(",")) {
                long n;
                try {
                    n = Long.parseLong(part.strip());
                } catch (NumberFormatException e) {
                    throw new IOException("bad Content-Length from the upstream");
                }
                if (n < 0 || (length >= 0 && n != length)) throw new IOException("bad Content-Length from the upstream");
                length = n;
            }
        }
        return length;
    }

    private static boolean hasToken(List<String> values, String token) {
        if (values == null) return false;
        for (String v : values) {
            for (String part : v.split(",")) {
                if (part.strip().toLowerCase(Locale.ROOT).equals(token)) return true;
            }
        }
        return false;
    }
}

package piapi.admin;

import com.sun.net.httpserver.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import piapi.config.ConfigFile;
import piapi.http.Exchange;
import piapi.http.Outcome;
import piapi.http.Responses;

/**
 * The admin page: the static files of the jar's {@code web/} directory under {@code /piadmin/}. They are
 * read once at start into memory (they are small), so a request never touches the file system and no
 * path can reach outside them: a name is either one of the files or a 404. The files hold no data and
 * need no token; everything they show comes from the admin API, which does.
 *
 * <p>Every answer carries a Content-Security-Policy that allows only the page's own files (no inline
 * script or style, no eval, no framing) and headers that stop sniffing and referrers. Files are
 * revalidated on every load ({@code no-cache}) against their ETag, so an upgrade is seen at once.
 */
public final class AdminPage {
    public static final String PATH = "/piadmin";
    static final String CSP = "default-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final long MAX_FILE = 1 << 20;
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    /** One file, ready to send. */
    record File(byte[] bytes, String contentType, String etag, Instant modified) {}

    private final Map<String, File> files;

    AdminPage(Map<String, File> files) {
        this.files = Map.copyOf(files);
    }

    /** The page from the {@code web/} resources next to this class (the jar's, or a build directory's). */
    public static AdminPage fromClasspath() throws IOException {
        Map<String, File> files = new HashMap<>();
        URL root = AdminPage.class.getClassLoader().getResource("web/");
        if (root != null) {
            if (root.getProtocol().equals("jar")) readJar(root, files);
            else if (root.getProtocol().equals("file")) readDirectory(root, files);
        }
        return new AdminPage(files);
    }

    /** Names of the files served, for the start-up event. */
    public int fileCount() {
        return files.size();
    }

    /** Answers one request under {@link #PATH} (the surface stage sends it here); returns how that ended. */
    public Outcome serve(Exchange exchange) {
        Headers h = exchange.responseHeaders();
        h.set("Content-Security-Policy", CSP);
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
        h.set("X-Frame-Options", "DENY");
        h.set("Cache-Control", "no-cache");
        String path = exchange.path();
        if (path.equals(PATH)) {
            h.set("Location", PATH + "/");
            return Responses.send(exchange, 301, Responses.TEXT, "moved to " + PATH + "/\n");
        }
        String name = path.substring(PATH.length() + 1);
        File file = files.get(name.isEmpty() ? "index.html" : name);
        if (file == null) {
            String why = files.isEmpty() ? "the admin page is not part of this build (no web/ files in the jar)\n"
                    : "no such file; the admin page is at " + PATH + "/\n";
            return Responses.send(exchange, 404, Responses.TEXT, why);
        }
        String method = exchange.method();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            h.set("Allow", "GET, HEAD");
            return Responses.send(exchange, 405, Responses.TEXT, method + " is not allowed on the admin page\n");
        }
        h.set("ETag", file.etag());
        h.set("Last-Modified", HTTP_DATE.format(file.modified()));
        if (notModified(exchange.requestHeaders(), file)) return Responses.headersOnly(exchange, 304);
        return Responses.send(exchange, 200, file.contentType(), file.bytes());
    }

    private static boolean notModified(Headers request, File file) {
        String ifNoneMatch = request.getFirst("If-None-Match");
        if (ifNoneMatch != null) {
            for (String tag : ifNoneMatch.split(",")) {
                String t = tag.strip();
                if (t.startsWith("W/")) t = t.substring(2);
                if (t.equals(file.etag()) || t.equals("*")) return true;
            }
            return false;
        }
        String since = request.getFirst("If-Modified-Since");
        if (since == null) return false;
        try {
            return !file.modified().isAfter(Instant.from(HTTP_DATE.parse(since.strip())));
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static void readJar(URL root, Map<String, File> files) throws IOException {
        JarURLConnection connection = (JarURLConnection) root.openConnection();
        connection.setUseCaches(false); // our own JarFile, closed here
        try (JarFile jar = connection.getJarFile()) {
            for (JarEntry entry : jar.stream().toList()) {
                String name = entry.getName();
                if (!name.startsWith("web/") || entry.isDirectory()) continue;
                try (InputStream in = jar.getInputStream(entry)) {
                    add(files, name.substring(4), in.readNBytes((int) MAX_FILE + 1), Instant.ofEpochMilli(entry.getTime()));
                }
            }
        }
    }

    private static void readDirectory(URL root, Map<String, File> files) throws IOException {
        Path dir;
        try {
            dir = Path.of(root.toURI());
        } catch (URISyntaxException e) {
            throw new IOException("cannot read the admin page from " + root, e);
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                String name = dir.relativize(p).toString().replace(java.io.File.separatorChar, '/');
                if (Files.size(p) > MAX_FILE) throw new IOException("admin page file " + name + " is larger than 1 MiB");
                add(files, name, Files.readAllBytes(p), Files.getLastModifiedTime(p).toInstant());
            }
        }
    }

    private static void add(Map<String, File> files, String name, byte[] bytes, Instant modified) throws IOException {
        if (bytes.length > MAX_FILE) throw new IOException("admin page file " + name + " is larger than 1 MiB");
        String etag = "\"" + ConfigFile.sha256(bytes).substring(0, 32) + "\"";
        // Last-Modified has one-second resolution: round down so If-Modified-Since compares as equal
        files.put(name, new File(bytes, contentType(name), etag, Instant.ofEpochSecond(modified.getEpochSecond())));
    }

    static String contentType(String name) {
        String ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return switch (ext) {
            case "html" -> "text/html; charset=utf-8";
            case "js", "mjs" -> "text/javascript; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "svg" -> "image/svg+xml";
            case "png" -> "image/png";
            case "ico" -> "image/x-icon";
            case "json" -> "application/json";
            case "txt" -> "text/plain; charset=utf-8";
            default -> "application/octet-stream";
        };
    }
}

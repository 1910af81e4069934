package piapi.ledger;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The name this process writes its ledger files under: {@code PIAPI_INSTANCE} when set, else the host name and
 * the listening port ({@code build-7f3c-9200}). Stable across restarts of the same replica (so a restart keeps
 * appending to its own day file), distinct between replicas on different hosts or ports. Only letters, digits,
 * {@code . _ -} are kept, so the name is always a safe file name part.
 */
public final class InstanceId {
    public static final String ENV = "PIAPI_INSTANCE";
    private static final int MAX_LENGTH = 64;

    private InstanceId() {}

    public static String resolve(Map<String, String> env, int port) {
        String given = env.get(ENV);
        if (given != null && !sanitize(given).isEmpty()) return sanitize(given);
        String host = sanitize(hostName(env));
        return (host.isEmpty() ? "piapi" : host) + "-" + port;
    }

    /** The host name without asking DNS: {@code HOSTNAME}, the kernel's name, and only then the resolver. */
    private static String hostName(Map<String, String> env) {
        String h = env.get("HOSTNAME");
        if (h != null && !h.isBlank()) return h;
        try {
            Path kernel = Path.of("/proc/sys/kernel/hostname");
            if (Files.isReadable(kernel)) return Files.readString(kernel, StandardCharsets.US_ASCII).strip();
        } catch (IOException | SecurityException e) {
            // fall through to the resolver
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "";
        }
    }

    static String sanitize(String s) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), MAX_LENGTH));
        for (int i = 0; i < s.length() && sb.length() < MAX_LENGTH; i++) {
            char c = s.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.';
            sb.append(ok ? c : '_');
        }
        String out = sb.toString();
        // a name of dots only would read as a path step
        return out.chars().allMatch(c -> c == '.' || c == '_') ? "" : out;
    }
}

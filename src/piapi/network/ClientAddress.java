package piapi.network;

import java.net.InetAddress;
import java.util.List;

/**
 * The address a request comes from, for network lists, limits, logs and audit events.
 *
 * <p>It is the socket's peer, unless the peer is a trusted proxy ({@code server.trustedProxies}); then it is
 * the right-most {@code X-Forwarded-For} entry that is not itself a trusted proxy. Right-most, because each
 * proxy appends the address it received the connection from: entries to the left were written by whoever
 * sent the request and can say anything, while the right-most entry that a trusted proxy wrote is the
 * address that proxy actually saw. The walk goes right to left over every {@code X-Forwarded-For} line (in
 * order, as proxies append lines too), skipping trusted proxies, and stops at
 * <ul>
 *   <li>the first untrusted address: that is the client;</li>
 *   <li>an entry that is not an address ({@code unknown}, garbage, empty): the client is the last trusted hop
 *       seen, the one that handed the garbage over;</li>
 *   <li>the left end, or {@link #MAX_HOPS} entries: again the last trusted hop seen.</li>
 * </ul>
 * Entries may carry a port ({@code 192.0.2.7:5123}, {@code [2001:db8::1]:443}). Without trusted proxies the
 * header is never read, so a client cannot choose its own address.
 */
public final class ClientAddress {
    /** Entries examined at most, so a huge forged header costs bounded work. */
    public static final int MAX_HOPS = 32;

    private ClientAddress() {}

    public static IpAddress resolve(InetAddress peer, List<String> forwardedFor, CidrSet trustedProxies) {
        return resolve(IpAddress.of(peer), forwardedFor, trustedProxies);
    }

    public static IpAddress resolve(IpAddress peer, List<String> forwardedFor, CidrSet trustedProxies) {
        if (forwardedFor == null || forwardedFor.isEmpty() || !trustedProxies.contains(peer)) return peer;
        IpAddress hop = peer;
        int hops = 0;
        for (int l = forwardedFor.size() - 1; l >= 0; l--) {
            String line = forwardedFor.get(l);
            int end = line.length();
            while (end >= 0) {
                if (++hops > MAX_HOPS) return hop;
                int comma = line.lastIndexOf(',', end - 1);
                IpAddress entry = entry(line, comma + 1, end);
                if (entry == null) return hop;
                if (!trustedProxies.contains(entry)) return entry;
                hop = entry;
                end = comma; // -1 ends this line
            }
        }
        return hop;
    }

    /** One entry without its surrounding blanks and port, or null when it is not an address. */
    static IpAddress entry(String s, int from, int to) {
        while (from < to && isBlank(s.charAt(from))) from++;
        while (to > from && isBlank(s.charAt(to - 1))) to--;
        if (from >= to) return null;
        if (s.charAt(from) == '[') {
            int close = indexOf(s, ']', from, to);
            if (close < 0 || !portOrNothing(s, close + 1, to)) return null;
            return IpAddress.parse(s, from + 1, close);
        }
        int colon = indexOf(s, ':', from, to);
        if (colon >= 0 && indexOf(s, ':', colon + 1, to) < 0) { // exactly one colon: IPv4 with a port
            return portOrNothing(s, colon, to) ? IpAddress.parse(s, from, colon) : null;
        }
        return IpAddress.parse(s, from, to);
    }

    private static boolean portOrNothing(String s, int from, int to) {
        if (from == to) return true;
        if (s.charAt(from) != ':' || to - from < 2 || to - from > 6) return false;
        for (int i = from + 1; i < to; i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
        return true;
    }

    private static int indexOf(String s, char c, int from, int to) {
        for (int i = from; i < to; i++) if (s.charAt(i) == c) return i;
        return -1;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }
}

package piapi.network;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * An IP address as 128 bits. IPv4 addresses live in the IPv4-mapped range {@code ::ffff:0:0/96}, so one
 * comparison covers a client that reached a dual-stack socket as {@code ::ffff:10.1.2.3} and a rule written
 * as {@code 10.0.0.0/8}. Parsing is by hand (never {@code InetAddress.getByName}, which may ask DNS for a
 * host name) and accepts literals only.
 *
 * @param high the first 64 bits
 * @param low  the last 64 bits
 */
public record IpAddress(long high, long low) {
    /** {@code ::}, for a connection whose peer is unknown. */
    public static final IpAddress UNSPECIFIED = new IpAddress(0, 0);
    static final long MAPPED_PREFIX = 0xFFFF_0000_0000L;

    /** The address of a socket peer (no parsing: the bytes are already there). */
    public static IpAddress of(InetAddress address) {
        if (address == null) return UNSPECIFIED;
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) return ipv4(toLong(b, 0, 4));
        return new IpAddress(toLong(b, 0, 8), toLong(b, 8, 16));
    }

    static IpAddress ipv4(long bits) {
        return new IpAddress(0, MAPPED_PREFIX | (bits & 0xFFFF_FFFFL));
    }

    private static long toLong(byte[] b, int from, int to) {
        long v = 0;
        for (int i = from; i < to; i++) v = v << 8 | (b[i] & 0xFF);
        return v;
    }

    /** Whether this is an IPv4 address (held in its mapped form). */
    public boolean isIpv4() {
        return high == 0 && (low >>> 32) == 0xFFFF;
    }

    /** A literal IPv4 or IPv6 address, or null when the text is anything else (a host name, a zone, garbage). */
    public static IpAddress parse(CharSequence text) {
        return parse(text, 0, text.length());
    }

    /** {@link #parse(CharSequence)} of {@code text[from, to)}, without copying it. */
    public static IpAddress parse(CharSequence text, int from, int to) {
        if (from >= to || to - from > 45) return null;
        for (int i = from; i < to; i++) {
            if (text.charAt(i) == ':') return parseIpv6(text, from, to);
        }
        long v4 = parseIpv4(text, from, to);
        return v4 < 0 ? null : ipv4(v4);
    }

    /** Dotted quad to its 32 bits, or -1. Leading zeros are refused: {@code 010} means 8 to some readers, 10 to others. */
    static long parseIpv4(CharSequence s, int from, int to) {
        long bits = 0;
        int parts = 0;
        int i = from;
        while (parts < 4) {
            int start = i;
            int value = 0;
            while (i < to && i - start < 3 && isDigit(s.charAt(i))) value = value * 10 + (s.charAt(i++) - '0');
            int digits = i - start;
            if (digits == 0 || value > 255 || digits > 1 && s.charAt(start) == '0') return -1;
            bits = bits << 8 | value;
            parts++;
            if (parts < 4) {
                if (i >= to || s.charAt(i) != '.') return -1;
                i++;
            }
        }
        return i == to ? bits : -1;
    }

    private static IpAddress parseIpv6(CharSequence s, int from, int to) {
        int[] groups = new int[8];
        int n = 0;
        int gap = -1; // index in groups where "::" stands
        int i = from;
        if (startsWithDoubleColon(s, i, to)) {
            gap = 0;
            i += 2;
        }
        while (i < to) {
            if (n == 8) return null;
            int start = i;
            int value = 0;
            while (i < to && i - start < 4 && hex(s.charAt(i)) >= 0) value = value << 4 | hex(s.charAt(i++));
            if (i < to && s.charAt(i) == '.') { // an embedded IPv4 tail: a.b.c.d as the last two groups
                long v4 = n <= 6 ? parseIpv4(s, start, to) : -1;
                if (v4 < 0) return null;
                groups[n++] = (int) (v4 >>> 16);
                groups[n++] = (int) (v4 & 0xFFFF);
                i = to;
                break;
            }
            if (i == start) return null;
            groups[n++] = value;
            if (i == to) break;
            if (s.charAt(i) != ':') return null;
            i++;
            if (i < to && s.charAt(i) == ':') {
                if (gap >= 0) return null;
                gap = n;
                i++;
            } else if (i == to) {
                return null; // a single trailing colon
            }
        }
        return assemble(groups, n, gap);
    }

    private static boolean startsWithDoubleColon(CharSequence s, int i, int to) {
        return i + 1 < to && s.charAt(i) == ':' && s.charAt(i + 1) == ':';
    }

    private static IpAddress assemble(int[] groups, int n, int gap) {
        if (gap < 0 && n != 8 || gap >= 0 && n > 7) return null;
        int[] full = new int[8];
        if (gap < 0) {
            System.arraycopy(groups, 0, full, 0, 8);
        } else {
            System.arraycopy(groups, 0, full, 0, gap);
            System.arraycopy(groups, gap, full, 8 - (n - gap), n - gap);
        }
        long high = 0;
        long low = 0;
        for (int k = 0; k < 4; k++) high = high << 16 | full[k];
        for (int k = 4; k < 8; k++) low = low << 16 | full[k];
        return new IpAddress(high, low);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    /** Dotted quad for IPv4, else the RFC 5952 form (lower case, the longest run of zero groups as {@code ::}). */
    @Override
    public String toString() {
        if (isIpv4()) {
            return (low >>> 24 & 0xFF) + "." + (low >>> 16 & 0xFF) + "." + (low >>> 8 & 0xFF) + "." + (low & 0xFF);
        }
        int[] g = new int[8];
        for (int k = 0; k < 4; k++) g[k] = (int) (high >>> (48 - 16 * k) & 0xFFFF);
        for (int k = 0; k < 4; k++) g[4 + k] = (int) (low >>> (48 - 16 * k) & 0xFFFF);
        int bestStart = -1;
        int bestLength = 1; // a single zero group is not shortened
        for (int k = 0; k < 8; ) {
            int run = 0;
            while (k + run < 8 && g[k + run] == 0) run++;
            if (run > bestLength) {
                bestStart = k;
                bestLength = run;
            }
            k += Math.max(run, 1);
        }
        StringBuilder sb = new StringBuilder(39);
        for (int k = 0; k < 8; k++) {
            if (k == bestStart) {
                sb.append("::");
                k += bestLength - 1;
                continue;
            }
            if (!sb.isEmpty() && sb.charAt(sb.length() - 1) != ':') sb.append(':');
            sb.append(Integer.toHexString(g[k]));
        }
        return sb.toString();
    }
}

package piapi.network;

/**
 * An address range: {@code 10.0.0.0/8}, {@code fd00::/8}, or one address ({@code 192.0.2.7} is
 * {@code 192.0.2.7/32}). IPv4 ranges are held in the IPv4-mapped space (prefix + 96), so they also match a
 * client seen as {@code ::ffff:a.b.c.d}; an IPv6 range covers IPv4 clients only through that mapped form
 * ({@code ::/0} covers everyone, {@code ::ffff:0:0/96} every IPv4 client).
 *
 * @param base   the first address of the range (host bits cleared)
 * @param prefix leading bits that must match, 0-128 in the 128-bit space
 * @param text   the range as written in the config, for messages and admin views
 */
public record Cidr(IpAddress base, int prefix, String text) {

    /** What {@link #parse} found. */
    public sealed interface Parsed {
        /** A valid range; {@code hostBitsSet} when the text had bits set past the prefix (they are ignored). */
        record Valid(Cidr cidr, boolean hostBitsSet) implements Parsed {}

        record Invalid(String reason) implements Parsed {}
    }

    public static Parsed parse(String text) {
        String t = text.strip();
        int slash = t.indexOf('/');
        IpAddress address = IpAddress.parse(t, 0, slash < 0 ? t.length() : slash);
        if (address == null) {
            return new Parsed.Invalid("'" + text + "' is not an IP address or range; write e.g. 10.0.0.0/8, 192.0.2.7 or fd00::/8");
        }
        boolean v4 = address.isIpv4() && t.indexOf(':') < 0;
        int width = v4 ? 32 : 128;
        int bits = width;
        if (slash >= 0) {
            bits = prefixLength(t, slash + 1);
            if (bits < 0 || bits > width) {
                return new Parsed.Invalid("'" + text + "': the prefix length after '/' must be a whole number from 0 to " + width);
            }
        }
        int prefix = v4 ? 96 + bits : bits;
        IpAddress base = new IpAddress(address.high() & maskHigh(prefix), address.low() & maskLow(prefix));
        return new Parsed.Valid(new Cidr(base, prefix, t), !base.equals(address));
    }

    private static int prefixLength(String t, int from) {
        if (from >= t.length() || t.length() - from > 3) return -1;
        int n = 0;
        for (int i = from; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') return -1;
            n = n * 10 + (c - '0');
        }
        return n;
    }

    static long maskHigh(int prefix) {
        return prefix <= 0 ? 0 : prefix >= 64 ? -1L : -1L << (64 - prefix);
    }

    static long maskLow(int prefix) {
        return prefix <= 64 ? 0 : prefix >= 128 ? -1L : -1L << (128 - prefix);
    }

    public boolean contains(IpAddress address) {
        return (address.high() & maskHigh(prefix)) == base.high() && (address.low() & maskLow(prefix)) == base.low();
    }

    @Override
    public String toString() {
        return text;
    }
}

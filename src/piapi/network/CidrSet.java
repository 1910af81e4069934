package piapi.network;

import java.util.List;

/**
 * A list of ranges compiled at config load into parallel arrays of bases and masks, so a lookup is a loop
 * of AND-and-compare over longs: no parsing, no allocation per request. Lists are short (a team's networks
 * and proxies); a linear scan of a few dozen entries beats any index.
 */
public final class CidrSet {
    public static final CidrSet EMPTY = new CidrSet(List.of());

    private final List<Cidr> ranges;
    private final long[] baseHigh;
    private final long[] baseLow;
    private final long[] maskHigh;
    private final long[] maskLow;

    public CidrSet(List<Cidr> ranges) {
        this.ranges = List.copyOf(ranges);
        int n = this.ranges.size();
        baseHigh = new long[n];
        baseLow = new long[n];
        maskHigh = new long[n];
        maskLow = new long[n];
        for (int i = 0; i < n; i++) {
            Cidr c = this.ranges.get(i);
            baseHigh[i] = c.base().high();
            baseLow[i] = c.base().low();
            maskHigh[i] = Cidr.maskHigh(c.prefix());
            maskLow[i] = Cidr.maskLow(c.prefix());
        }
    }

    public boolean contains(IpAddress address) {
        long high = address.high();
        long low = address.low();
        for (int i = 0; i < baseHigh.length; i++) {
            if ((high & maskHigh[i]) == baseHigh[i] && (low & maskLow[i]) == baseLow[i]) return true;
        }
        return false;
    }

    public boolean isEmpty() {
        return baseHigh.length == 0;
    }

    /** The ranges as written, in config order. */
    public List<Cidr> ranges() {
        return ranges;
    }

    @Override
    public String toString() {
        return ranges.toString();
    }
}

package piapi.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import piapi.Gateway;
import piapi.ledger.LedgerEntry;

/** What a running gateway's usage ledger holds: its files and what it has not written yet, read as the usage API reads them. */
public final class Ledgers {
    private Ledgers() {}

    /** Every entry within a few days of the gateway's clock (its files and what is not written yet). */
    public static List<LedgerEntry> all(Gateway gateway) {
        LocalDate today = LocalDate.ofInstant(gateway.options().clock().instant(), ZoneOffset.UTC);
        List<LedgerEntry> out = new ArrayList<>();
        try {
            gateway.ledger().read(today.minusDays(40), today.plusDays(2), ZoneOffset.UTC, out::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The ledger entry of one request, once its access line is written (the ledger has it by then), or null. */
    public static LedgerEntry of(GatewayHarness piapi, String requestId) {
        piapi.log.accessLine(requestId);
        LedgerEntry found = null;
        for (LedgerEntry e : all(piapi.gateway)) {
            if (e.requestId().equals(requestId)) {
                if (found != null) throw new AssertionError("two ledger entries for " + requestId);
                found = e;
            }
        }
        return found;
    }

    /** {@link #of}, failing when the request has no entry. */
    public static LedgerEntry entry(GatewayHarness piapi, String requestId) {
        LedgerEntry e = of(piapi, requestId);
        if (e == null) throw new AssertionError("no ledger entry for " + requestId + "; the ledger: " + all(piapi.gateway));
        return e;
    }
}

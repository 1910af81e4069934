package piapi.server;

import java.time.Clock;
import java.util.function.Consumer;
import piapi.http.FinishedRequest;
import piapi.http.OutcomeLabel;
import piapi.http.RequestUsage;
import piapi.ledger.Ledger;
import piapi.ledger.LedgerEntry;
import piapi.ledger.UsageState;

/**
 * The record stage's usage ledger line: one per proxied request whose caller piapi identified, on every exit
 * path (answered, failed, broken, the client gone, refused by a limit, a network list or the body size), so
 * refusals are visible and no ending loses a record. Requests without a known user (no key, a wrong key, a
 * globally denied address) and calls to a service the caller has no route for are not anyone's usage: they are
 * in the access log and the metrics, and an anonymous flood cannot crowd the ledger's queue. The ledger never
 * waits for the disk; its listeners (the limiter's day and month counters) hear of the entry at once.
 */
final class UsageRecording implements Consumer<FinishedRequest> {
    private final Ledger ledger;
    private final Clock clock;

    UsageRecording(Ledger ledger, Clock clock) {
        this.ledger = ledger;
        this.clock = clock;
    }

    @Override
    public void accept(FinishedRequest r) {
        if (!r.proxied() || r.user().isEmpty()) return;
        if (r.outcome() == OutcomeLabel.REJECTED && r.error().equals("unknown_service")) return;
        RequestUsage u = r.usage();
        ledger.append(new LedgerEntry(clock.instant(), r.id(), r.user(), r.serviceType(), r.provider(), r.keyName(), u.modelRequested(),
                u.modelAnswered(), r.status(), r.outcome().label(), u.usage(), u.costNanos(), UsageState.of(u.reading().state()),
                u.countTokens()));
    }
}

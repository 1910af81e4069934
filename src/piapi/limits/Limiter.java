package piapi.limits;

import java.io.IOException;
import java.lang.ref.Cleaner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import piapi.config.ConfigSnapshot;
import piapi.config.Limits;
import piapi.config.ResolvedUser;
import piapi.ledger.Ledger;
import piapi.ledger.LedgerEntry;
import piapi.observe.Events;
import piapi.observe.Metrics;

/**
 * Per-user limits and quotas, decided before any upstream call.
 *
 * <p>{@link #admit} checks, in order: requests and tokens per day, cost per day and month (every model, then the
 * caps on some models; never for a model priced at zero), requests per minute, then takes a concurrency slot
 * (waiting up to {@code queueFor}). Token and cost quotas are checked on recorded totals: a request is never
 * reserved against them, so one request in flight can overshoot a quota by its own size. Token-counting calls
 * pass without any check and are never counted.
 *
 * <p>Counters are kept per user name and survive reloads (names are unique in the config, they are what the
 * ledger records, and they stay when a key is rotated); a user removed from the config loses them, and one
 * added gets this month's from the ledger, as every user does at start, so a restart never resets a quota.
 * Request-rate and concurrency state is in memory only: it is per process, and per replica behind a load
 * balancer that does not send each user to one replica.
 */
public final class Limiter {
    private final Clock clock;
    private final Ledger ledger;
    private final Events events;
    private final Cleaner cleaner = Cleaner.create(Thread.ofPlatform().name("piapi-permit-cleaner").daemon(true).factory());
    private final ConcurrentHashMap<String, UserState> states = new ConcurrentHashMap<>();
    private final LimitMetrics metrics;
    private volatile CalendarWindows windows = new CalendarWindows(Limits.DEFAULT_TIMEZONE);
    private volatile FreeModels free = FreeModels.NONE;
    private volatile List<String> order = List.of();
    private volatile CompletableFuture<Void> lastRebuild = CompletableFuture.completedFuture(null);

    /** {@code ledger}: where day and month counters are rebuilt from (null: they start at zero). */
    public Limiter(Clock clock, Ledger ledger, Metrics metrics, Events events) {
        this.clock = clock;
        this.ledger = ledger;
        this.events = events;
        this.metrics = new LimitMetrics(metrics, states::values);
    }

    /** Which models are priced at zero (cost caps never block them). */
    public void freeModels(FreeModels freeModels) {
        this.free = freeModels;
    }

    /** Applies the first config and rebuilds every user's day and month counters from the ledger before returning. */
    public void start(ConfigSnapshot snapshot) {
        // nothing is recorded live before the gateway serves: every entry in the ledger is the rebuild's
        rebuild(apply(snapshot, Instant.MIN), false);
    }

    /**
     * Applies a reloaded config: limits of known users change in place (counters kept), removed users are
     * dropped, and users new to this process get this month's counters from the ledger on a background thread
     * (config listeners must not block; until it is done such a user's quotas see only what they used since).
     */
    public void configChanged(ConfigSnapshot snapshot) {
        rebuild(apply(snapshot, clock.instant()), true);
    }

    /** Waits for a background rebuild started by {@link #configChanged} (tests and shutdown). */
    public boolean awaitRebuilt(Duration timeout) {
        try {
            lastRebuild.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Installs the snapshot's users; new ones count live what is recorded from {@code countedFrom} on, and get
     * what was recorded before it from the ledger.
     */
    private List<UserState> apply(ConfigSnapshot snapshot, Instant countedFrom) {
        var zone = snapshot.settings().limits().timezone();
        if (!zone.equals(windows.zone())) windows = new CalendarWindows(zone);
        Set<String> names = new HashSet<>();
        List<UserState> fresh = new ArrayList<>();
        List<String> inOrder = new ArrayList<>();
        for (ResolvedUser u : snapshot.users()) {
            names.add(u.name());
            inOrder.add(u.name());
            UserState s = states.get(u.name());
            if (s == null) {
                s = new UserState(u.name(), u.limits(), countedFrom);
                fresh.add(s);
                states.put(u.name(), s);
            } else {
                s.limits(u.limits());
            }
        }
        states.keySet().retainAll(names);
        order = List.copyOf(inOrder);
        return fresh;
    }

    private void rebuild(List<UserState> fresh, boolean inBackground) {
        if (ledger == null || fresh.isEmpty()) return;
        if (!inBackground) {
            rebuildNow(fresh);
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        lastRebuild = done;
        Thread.ofVirtual().name("piapi-limits-rebuild").start(() -> {
            try {
                rebuildNow(fresh);
            } finally {
                done.complete(null);
            }
        });
    }

    private void rebuildNow(List<UserState> fresh) {
        Instant from = fresh.get(0).countedFrom;
        Instant before = from.equals(Instant.MIN) ? clock.instant() : from;
        Map<String, UserState> byName = new HashMap<>();
        for (UserState s : fresh) byName.put(s.name, s);
        CalendarWindows w = windows;
        CalendarWindows.Day today = w.dayOf(before);
        long started = System.nanoTime();
        long[] counted = {0};
        try {
            long unreadable = ledger.read(today.monthStart(), LocalDate.ofEpochDay(today.day()), w.zone(), e -> {
                UserState s = byName.get(e.user());
                if (s == null || !s.countedFrom.equals(Instant.MIN) && !e.time().isBefore(s.countedFrom)) return; // counted live
                s.record(e, w.dayOf(e.time()), true);
                counted[0]++;
            });
            events.info("limits_rebuilt", "users", (long) fresh.size(), "entries", counted[0], "unreadable_lines", unreadable,
                    "from", today.monthStart().toString(), "ms", (System.nanoTime() - started) / 1_000_000);
        } catch (IOException | RuntimeException e) {
            events.error("limits_rebuild_failed", "error", e, "users", (long) fresh.size(),
                    "effect", "their day and month counters start from what the ledger could give");
        }
    }

    /**
     * Decides whether a request may go upstream; may wait up to the user's {@code queueFor} for a concurrency
     * slot. An admitted request holds a {@link Permit} it must close when it ends, on every path.
     *
     * @param user        the user's name
     * @param model       the model the request asks for (null when unknown): cost caps scoped to models match it
     * @param countTokens a token-counting call: admitted without any check, never counted
     */
    public Admission admit(String user, String model, boolean countTokens) {
        if (countTokens) return new Admission.Admitted(Permit.NONE);
        UserState s = states.get(user);
        if (s == null) return new Admission.Admitted(Permit.NONE);
        Instant now = clock.instant();
        Refusal r = s.admit(model, now, windows.dayOf(now), free);
        if (r != null) {
            metrics.refused(r.limit());
            return new Admission.Refused(r);
        }
        return new Admission.Admitted(Permit.of(s, cleaner, () -> leaked(s)));
    }

    private void leaked(UserState s) {
        metrics.leaks.inc();
        events.error("limit_permit_leaked", "user", s.name, "effect", "a request ended without closing its permit; the slot was freed late");
    }

    /** Adds a recorded request to its user's day and month (the ledger calls this for every entry it appends). */
    public void record(LedgerEntry e) {
        if (e.countTokens()) return;
        UserState s = states.get(e.user());
        if (s == null || e.time().isBefore(s.countedFrom)) return;
        s.record(e, windows.dayOf(e.time()), false);
    }

    /** Every configured user's limits and usage, in config order. */
    public List<UserLimitsView> status() {
        List<UserLimitsView> out = new ArrayList<>();
        for (String name : order) {
            UserLimitsView v = status(name);
            if (v != null) out.add(v);
        }
        return out;
    }

    /** One user's limits and usage (what {@code GET /me/usage} shows), or null for a name not configured. */
    public UserLimitsView status(String user) {
        UserState s = states.get(user);
        if (s == null) return null;
        Instant now = clock.instant();
        CalendarWindows w = windows;
        CalendarWindows.Day today = w.dayOf(now);
        List<LimitStatus> limits = s.status(now, today);
        UserState.Totals t = s.totals(today);
        return new UserLimitsView(s.name, w.zone().getId(), LocalDate.ofEpochDay(today.day()), now, limits, t.requestsToday(),
                t.tokensToday(), t.costTodayNanos(), t.tokensMonth(), t.costMonthNanos(), t.inProgress());
    }
}

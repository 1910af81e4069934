package piapi.limits;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import piapi.config.ModelCap;
import piapi.config.UserLimits;
import piapi.ledger.LedgerEntry;

/**
 * One user's counters: the request rate (a GCRA, so a minute's allowance may come as a burst and frees up
 * smoothly), requests in progress, and what was recorded this calendar day and month. One lock, held only for
 * arithmetic (and while a request waits for a slot, inside {@link Condition#awaitNanos}, which releases it).
 */
final class UserState {
    private static final long MINUTE = 60_000_000_000L;
    private static final long SECOND = 1_000_000_000L;
    /** Distinct (requested, answered) model pairs costed per month; past it, cost goes to a key every cap covers. */
    static final int MODEL_KEYS = 256;
    private static final ModelKey OVERFLOW = new ModelKey(null, null);

    final String name;
    /** Entries recorded before this were counted when the state was rebuilt from the ledger. */
    final Instant countedFrom;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition slotFreed = lock.newCondition();
    private volatile UserLimits limits;
    private long rateTat; // epoch nanos at which the rate allowance is whole again
    private int active;
    private int waiting;
    private long day = Long.MIN_VALUE;
    private long month = Long.MIN_VALUE;
    private long dayRequests;
    private long dayTokens;
    private long dayCost;
    private long monthCost;
    private long monthTokens;
    private final Map<ModelKey, long[]> modelCost = new HashMap<>(); // [day, month] nano-dollars

    /** The models of recorded cost: a cap covers it when it covers either. */
    private record ModelKey(String requested, String answered) {
        boolean coveredBy(ModelCap cap) {
            return this == OVERFLOW || cap.covers(requested) || cap.covers(answered);
        }
    }

    UserState(String name, UserLimits limits, Instant countedFrom) {
        this.name = name;
        this.limits = limits;
        this.countedFrom = countedFrom;
    }

    UserLimits limits() {
        return limits;
    }

    /** New limits from a reload; waiting requests look again (a higher concurrency may let them in). */
    void limits(UserLimits next) {
        limits = next;
        lock.lock();
        try {
            slotFreed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Checks the quotas, then the rate, then takes a concurrency slot (waiting up to {@code queueFor}). Null when
     * admitted (the slot is taken: {@link #release} frees it), else the refusal. A model {@code free} says is
     * priced at zero is under no cost cap (asked only when a cost cap is set).
     */
    Refusal admit(String model, Instant now, CalendarWindows.Day today, FreeModels free) {
        UserLimits l = limits;
        lock.lock();
        try {
            rollTo(today);
            Refusal r = quotas(l, model, free, today, now);
            if (r != null) return withRetryAfter(r, now);
            r = takeRate(l, epochNanos(now), now);
            if (r != null) return r;
            if (active < l.concurrent() || awaitSlot(l)) {
                active++;
                dayRequests++;
                return null;
            }
            refundRate(l);
            return new Refusal(LimitName.CONCURRENT_REQUESTS, Refusal.SCOPE_USER, active, limits.concurrent(), null, 1);
        } finally {
            lock.unlock();
        }
    }

    /** The day and month quotas, on recorded totals (a request in flight is not reserved against them). */
    private Refusal quotas(UserLimits l, String model, FreeModels free, CalendarWindows.Day today, Instant now) {
        if (dayRequests >= l.requestsPerDay()) return quota(LimitName.REQUESTS_PER_DAY, Refusal.SCOPE_USER, dayRequests, l.requestsPerDay(), today.end());
        if (dayTokens >= l.tokensPerDay()) return quota(LimitName.TOKENS_PER_DAY, Refusal.SCOPE_USER, dayTokens, l.tokensPerDay(), today.end());
        boolean capped = l.costPerDayNanos() != UserLimits.UNLIMITED || l.costPerMonthNanos() != UserLimits.UNLIMITED || !l.modelCaps().isEmpty();
        if (!capped || model != null && free.free(model)) return null;
        if (dayCost >= l.costPerDayNanos()) return quota(LimitName.COST_PER_DAY, Refusal.SCOPE_USER, dayCost, l.costPerDayNanos(), today.end());
        if (monthCost >= l.costPerMonthNanos()) {
            return quota(LimitName.COST_PER_MONTH, Refusal.SCOPE_USER, monthCost, l.costPerMonthNanos(), today.monthEnd());
        }
        for (ModelCap cap : l.modelCaps()) {
            if (!cap.covers(model)) continue;
            long[] spent = capCost(cap);
            if (spent[0] >= cap.costPerDayNanos()) return quota(LimitName.COST_PER_DAY, cap.scope(), spent[0], cap.costPerDayNanos(), today.end());
            if (spent[1] >= cap.costPerMonthNanos()) {
                return quota(LimitName.COST_PER_MONTH, cap.scope(), spent[1], cap.costPerMonthNanos(), today.monthEnd());
            }
        }
        return null;
    }

    /** A refusal until {@code reset}; its Retry-After is filled in by {@link #withRetryAfter}. */
    private static Refusal quota(LimitName limit, String scope, long used, long max, Instant reset) {
        return new Refusal(limit, scope, used, max, reset, 0);
    }

    /** A quota's Retry-After is the real time to its reset: a client that honours it stops, it does not hammer. */
    static Refusal withRetryAfter(Refusal r, Instant now) {
        if (r.retryAfterSeconds() > 0 || r.resetsAt() == null) return r;
        long seconds = Math.max(1, (epochNanos(r.resetsAt()) - epochNanos(now) + SECOND - 1) / SECOND);
        return new Refusal(r.limit(), r.scope(), r.used(), r.max(), r.resetsAt(), seconds);
    }

    private long[] capCost(ModelCap cap) {
        long[] sum = new long[2];
        for (Map.Entry<ModelKey, long[]> e : modelCost.entrySet()) {
            if (e.getKey().coveredBy(cap)) {
                sum[0] += e.getValue()[0];
                sum[1] += e.getValue()[1];
            }
        }
        return sum;
    }

    private Refusal takeRate(UserLimits l, long now, Instant nowInstant) {
        long interval = interval(l);
        if (interval == 0) return null;
        long tat = Math.max(rateTat, now);
        long allowedAt = tat + interval - MINUTE;
        if (now < allowedAt) {
            long wait = allowedAt - now;
            long used = Math.min(l.requestsPerMinute(), (tat - now + interval - 1) / interval);
            return new Refusal(LimitName.REQUESTS_PER_MINUTE, Refusal.SCOPE_USER, used, l.requestsPerMinute(), nowInstant.plusNanos(wait),
                    Math.min(60, Math.max(1, (wait + SECOND - 1) / SECOND)));
        }
        rateTat = tat + interval;
        return null;
    }

    private void refundRate(UserLimits l) {
        rateTat -= interval(l);
    }

    /** Nanos between requests at the configured rate; 0 when there is no rate limit. */
    private static long interval(UserLimits l) {
        return l.requestsPerMinute() == UserLimits.UNLIMITED ? 0 : MINUTE / l.requestsPerMinute();
    }

    /** Waits (lock released) until a slot is free, for at most {@code queueFor}; a bounded number may wait. */
    private boolean awaitSlot(UserLimits l) {
        long wait = l.queueFor().toNanos();
        if (wait <= 0 || waiting >= maxWaiting(l)) return false;
        waiting++;
        try {
            while (active >= limits.concurrent() && wait > 0) wait = slotFreed.awaitNanos(wait);
            return active < limits.concurrent();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the request is being torn down: refuse it
            return false;
        } finally {
            waiting--;
        }
    }

    static int maxWaiting(UserLimits l) {
        return (int) Math.min(1000, Math.max(8, 4 * Math.min(l.concurrent(), 1000)));
    }

    void release() {
        lock.lock();
        try {
            active--;
            slotFreed.signal();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Adds a recorded request to the day and month it belongs to (nothing to a day already past). Requests are
     * counted here only when rebuilding from the ledger; live, they are counted when admitted.
     */
    void record(LedgerEntry e, CalendarWindows.Day when, boolean countRequest) {
        if (e.countTokens()) return;
        lock.lock();
        try {
            rollTo(when);
            boolean today = when.day() == day;
            boolean thisMonth = when.month() == month;
            if (countRequest && today && !"rejected".equals(e.outcome())) dayRequests++;
            if (today) dayTokens += e.usage().totalTokens();
            if (thisMonth) monthTokens += e.usage().totalTokens();
            long cost = e.costNanos();
            if (cost <= 0) return;
            if (today) dayCost += cost;
            if (thisMonth) monthCost += cost;
            long[] m = modelCost(e);
            if (today) m[0] += cost;
            if (thisMonth) m[1] += cost;
        } finally {
            lock.unlock();
        }
    }

    private long[] modelCost(LedgerEntry e) {
        ModelKey key = new ModelKey(e.modelRequested(), e.modelAnswered());
        long[] m = modelCost.get(key);
        if (m != null) return m;
        if (modelCost.size() >= MODEL_KEYS) key = OVERFLOW;
        return modelCost.computeIfAbsent(key, k -> new long[2]);
    }

    /** Moves the windows forward to this day (never back): a new day starts its counters at zero, a new month too. */
    private void rollTo(CalendarWindows.Day d) {
        if (d.month() > month) {
            month = d.month();
            monthCost = 0;
            monthTokens = 0;
            modelCost.clear();
        }
        if (d.day() > day) {
            day = d.day();
            dayRequests = 0;
            dayTokens = 0;
            dayCost = 0;
            for (long[] m : modelCost.values()) m[0] = 0;
        }
    }

    /** Every limit that applies, with what is used now. */
    List<LimitStatus> status(Instant now, CalendarWindows.Day today) {
        UserLimits l = limits;
        List<LimitStatus> out = new ArrayList<>();
        lock.lock();
        try {
            rollTo(today);
            long nowNanos = epochNanos(now);
            long interval = interval(l);
            if (interval > 0) {
                long ahead = Math.max(0, rateTat - nowNanos);
                out.add(new LimitStatus(LimitName.REQUESTS_PER_MINUTE, Refusal.SCOPE_USER, Math.min(l.requestsPerMinute(),
                        (ahead + interval - 1) / interval), l.requestsPerMinute(), now.plusNanos(ahead)));
            }
            if (l.concurrent() != UserLimits.UNLIMITED) {
                out.add(new LimitStatus(LimitName.CONCURRENT_REQUESTS, Refusal.SCOPE_USER, active, l.concurrent(), null));
            }
            add(out, LimitName.TOKENS_PER_DAY, Refusal.SCOPE_USER, dayTokens, l.tokensPerDay(), today.end());
            add(out, LimitName.REQUESTS_PER_DAY, Refusal.SCOPE_USER, dayRequests, l.requestsPerDay(), today.end());
            add(out, LimitName.COST_PER_DAY, Refusal.SCOPE_USER, dayCost, l.costPerDayNanos(), today.end());
            add(out, LimitName.COST_PER_MONTH, Refusal.SCOPE_USER, monthCost, l.costPerMonthNanos(), today.monthEnd());
            for (ModelCap cap : l.modelCaps()) {
                long[] spent = capCost(cap);
                add(out, LimitName.COST_PER_DAY, cap.scope(), spent[0], cap.costPerDayNanos(), today.end());
                add(out, LimitName.COST_PER_MONTH, cap.scope(), spent[1], cap.costPerMonthNanos(), today.monthEnd());
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    private static void add(List<LimitStatus> out, LimitName limit, String scope, long used, long max, Instant reset) {
        if (max != UserLimits.UNLIMITED) out.add(new LimitStatus(limit, scope, used, max, reset));
    }

    /** Today's and this month's totals, limits or not. */
    Totals totals(CalendarWindows.Day today) {
        lock.lock();
        try {
            rollTo(today);
            return new Totals(dayRequests, dayTokens, dayCost, monthTokens, monthCost, active);
        } finally {
            lock.unlock();
        }
    }

    /** What a user has used: requests, tokens and cost today, tokens and cost this month, requests in progress. */
    record Totals(long requestsToday, long tokensToday, long costTodayNanos, long tokensMonth, long costMonthNanos, int inProgress) {}

    int waiting() {
        lock.lock();
        try {
            return waiting;
        } finally {
            lock.unlock();
        }
    }

    static long epochNanos(Instant t) {
        return t.getEpochSecond() * SECOND + t.getNano();
    }
}

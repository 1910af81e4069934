package piapi.route;

import java.util.concurrent.locks.ReentrantLock;
import piapi.config.CandidateId;
import piapi.config.RoutingSettings;

/**
 * The runtime health of one upstream key, (provider, key name). Reports are serialised by a lock held
 * only for arithmetic (never across I/O); the two values the router reads on every request, the cooldown
 * end and the recent error counts, are volatile so choosing a candidate never takes the lock.
 */
final class CandidateHealth {
    /** How the health changed with one report. */
    enum Transition { NONE, UNHEALTHY, RECOVERED }

    /** The result of a report: the transition, when the failing began (for a recovery), and the state after it. */
    record Reported(Transition transition, long unhealthySince, HealthView after) {}

    private final ReentrantLock lock = new ReentrantLock();
    private final CandidateId id;
    private final String keyFingerprint;
    private volatile long cooldownUntil;
    private volatile RecentErrors recent = RecentErrors.NONE;
    private AttemptVerdict cooldownReason;
    private int consecutiveFailures;
    private long lastFailureAt;
    private long unhealthySince;
    private long requests;
    private long errors;
    private int lastStatus;
    private long lastUsed;
    private String lastError = "";
    private long lastErrorAt;

    CandidateHealth(CandidateId id, String keyFingerprint) {
        this.id = id;
        this.keyFingerprint = keyFingerprint;
    }

    String keyFingerprint() {
        return keyFingerprint;
    }

    long cooldownUntil() {
        return cooldownUntil;
    }

    boolean coolingDown(long now) {
        return cooldownUntil > now;
    }

    double recentErrorRate(long now, long halfLifeMillis) {
        return recent.rate(now, halfLifeMillis);
    }

    /**
     * Records one attempt's end. A success only clears failures that happened before the attempt started, so
     * a long stream finishing late cannot hide a failure seen meanwhile.
     */
    Reported report(AttemptEnd end, long now, RoutingSettings settings) {
        AttemptVerdict outcome = end.verdict();
        int status = end.status();
        long halfLife = settings.adaptiveHalfLife().toMillis();
        lock.lock();
        try {
            Transition transition = Transition.NONE;
            long since = unhealthySince;
            requests++;
            lastUsed = now;
            if (status > 0) lastStatus = status;
            switch (outcome.effect()) {
                case NEUTRAL -> { }
                case SUCCESS -> {
                    recent = recent.plus(false, now, halfLife);
                    if (unhealthySince != 0 && lastFailureAt <= end.startedAt()) {
                        transition = Transition.RECOVERED;
                        unhealthySince = 0;
                        consecutiveFailures = 0;
                        cooldownUntil = 0;
                    }
                }
                case FAILURE, AUTH -> {
                    errors++;
                    recent = recent.plus(true, now, halfLife);
                    lastError = end.error();
                    lastErrorAt = now;
                    lastFailureAt = now;
                    consecutiveFailures++;
                    long until = now + cooldownMillis(outcome, end.retryAfterMillis(), settings);
                    if (until > cooldownUntil) {
                        cooldownUntil = until;
                        cooldownReason = outcome;
                    }
                    if (unhealthySince == 0) {
                        unhealthySince = now;
                        transition = Transition.UNHEALTHY;
                    }
                }
            }
            return new Reported(transition, since, viewLocked(now, halfLife));
        } finally {
            lock.unlock();
        }
    }

    /** Auth failures: the auth cooldown. Others: the upstream's Retry-After when given, else the doubling cooldown. */
    private long cooldownMillis(AttemptVerdict outcome, long retryAfterMillis, RoutingSettings s) {
        long max = s.maxCooldown().toMillis();
        if (outcome.effect() == AttemptVerdict.Effect.AUTH) return s.authCooldown().toMillis();
        if (retryAfterMillis >= 0) return Math.min(retryAfterMillis, max);
        long cooldown = s.cooldown().toMillis();
        for (int i = 1; i < consecutiveFailures && cooldown < max; i++) cooldown *= 2;
        return Math.min(cooldown, max);
    }

    HealthView view(long now, long halfLifeMillis) {
        lock.lock();
        try {
            return viewLocked(now, halfLifeMillis);
        } finally {
            lock.unlock();
        }
    }

    private HealthView viewLocked(long now, long halfLifeMillis) {
        HealthView.State state = cooldownUntil > now ? HealthView.State.COOLING_DOWN
                : unhealthySince != 0 ? HealthView.State.PROBING : HealthView.State.HEALTHY;
        return new HealthView(id, state, cooldownUntil, cooldownReason, consecutiveFailures, unhealthySince, requests, errors,
                recent.rate(now, halfLifeMillis), lastStatus, lastUsed, lastError, lastErrorAt);
    }

    /** Healthy: no failure since the last success (a cheap read for the health gauge). */
    boolean healthy(long now) {
        lock.lock();
        try {
            return unhealthySince == 0 && cooldownUntil <= now;
        } finally {
            lock.unlock();
        }
    }
}

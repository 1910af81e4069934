package piapi.route;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import piapi.config.Candidate;
import piapi.config.CandidateId;
import piapi.config.ResolvedRoute;
import piapi.config.ResolvedCandidate;

/**
 * The rotation state of one route: the round-robin counter, the smooth weighted round-robin's running
 * weights, and the sticky candidate (the last one that succeeded). Lives outside the config snapshot
 * and is rebuilt only when the route's candidates change; the sticky candidate is carried over.
 */
final class RouteState {
    private final List<Candidate> candidates;
    private final AtomicLong counter = new AtomicLong();
    private final double[] current;
    private final double[] weights;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile ResolvedRoute lastSeen;
    private volatile CandidateId sticky;

    RouteState(ResolvedRoute route, CandidateId sticky) {
        this.candidates = route.upstreams().stream().map(ResolvedCandidate::candidate).toList();
        this.current = new double[candidates.size()];
        this.weights = candidates.stream().mapToDouble(Candidate::weight).toArray();
        this.lastSeen = route;
        this.sticky = sticky;
    }

    /** Whether this state belongs to the route (same candidates, weights and switches, in order). */
    boolean fits(ResolvedRoute route) {
        if (lastSeen == route) return true; // the common case: the same snapshot as the last request
        List<ResolvedCandidate> ups = route.upstreams();
        if (ups.size() != candidates.size()) return false;
        for (int i = 0; i < ups.size(); i++) if (!ups.get(i).candidate().equals(candidates.get(i))) return false;
        lastSeen = route;
        return true;
    }

    /** The configured weights, in candidate order (weighted_rr). */
    double[] weights() {
        return weights;
    }

    long nextCount() {
        return counter.getAndIncrement();
    }

    CandidateId sticky() {
        return sticky;
    }

    void sticky(CandidateId id) {
        this.sticky = id;
    }

    /**
     * Smooth weighted round robin (nginx): every eligible candidate's running weight grows by its weight,
     * the largest is picked and lowered by the total. Weights 5,3,2 give {@code a b c a a b a c b a}: the
     * same shares as blocks of 5, 3 and 2, spread out. Ties go to the earlier candidate.
     */
    int pickSmooth(boolean[] eligible, double[] weights) {
        lock.lock(); // arithmetic only
        try {
            int best = -1;
            double total = 0;
            for (int i = 0; i < current.length; i++) {
                if (!eligible[i]) continue;
                current[i] += weights[i];
                total += weights[i];
                if (best < 0 || current[i] > current[best]) best = i;
            }
            if (best >= 0) current[best] -= total;
            return best;
        } finally {
            lock.unlock();
        }
    }
}

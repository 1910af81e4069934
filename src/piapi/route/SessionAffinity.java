package piapi.route;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import piapi.config.CandidateId;
import piapi.config.RoutingSettings;

/**
 * Which candidate each client session was served by, per route, so a session's requests keep hitting
 * the key whose prompt cache holds its context. Bounded: an entry is forgotten after the TTL without a
 * request, and when more than the maximum are remembered the least recently used go first. Lookups are
 * lock-free; only the occasional sweep takes a lock (and never blocks a request: it is a tryLock).
 */
final class SessionAffinity {
    /** Longer session ids are ignored (no affinity) rather than stored: a client must not fill memory. */
    static final int MAX_SESSION_LENGTH = 256;

    private static final class Entry {
        volatile CandidateId candidate;
        volatile long lastSeen;

        Entry(CandidateId candidate, long lastSeen) {
            this.candidate = candidate;
            this.lastSeen = lastSeen;
        }
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final ReentrantLock sweeping = new ReentrantLock();

    private static String key(String routeKey, String session) {
        return routeKey + '\u0000' + session;
    }

    static boolean usable(String session) {
        return session != null && !session.isEmpty() && session.length() <= MAX_SESSION_LENGTH;
    }

    /** The session's candidate on this route, or null when unknown or expired; refreshes its age. */
    CandidateId get(String routeKey, String session, long now, long ttlMillis) {
        if (!usable(session)) return null;
        Entry e = entries.get(key(routeKey, session));
        if (e == null || now - e.lastSeen > ttlMillis) return null;
        e.lastSeen = now;
        return e.candidate;
    }

    /** Remembers that this candidate served the session, within the settings' time to live and maximum. */
    void put(String routeKey, String session, CandidateId candidate, long now, RoutingSettings settings) {
        if (!usable(session)) return;
        long ttlMillis = settings.affinityTtl().toMillis();
        int max = settings.affinityMaxSessions();
        String k = key(routeKey, session);
        Entry e = entries.get(k);
        if (e != null) {
            e.candidate = candidate;
            e.lastSeen = now;
            return;
        }
        entries.put(k, new Entry(candidate, now));
        if (entries.size() > max) sweep(now, ttlMillis, max);
    }

    /** Drops expired entries, then the least recently used down to 90% of the maximum (so sweeps stay rare). */
    private void sweep(long now, long ttlMillis, int max) {
        if (!sweeping.tryLock()) return; // another thread is sweeping; the map may briefly exceed max
        try {
            entries.values().removeIf(e -> now - e.lastSeen > ttlMillis);
            int target = Math.max(1, max - max / 10);
            if (entries.size() <= max) return;
            List<Map.Entry<String, Entry>> all = new ArrayList<>(entries.entrySet());
            all.sort((a, b) -> Long.compare(a.getValue().lastSeen, b.getValue().lastSeen));
            for (int i = 0; i < all.size() - target; i++) entries.remove(all.get(i).getKey(), all.get(i).getValue());
        } finally {
            sweeping.unlock();
        }
    }

    /** Sessions remembered for one route (the admin view), expired ones excluded. */
    int count(String routeKey, long now, long ttlMillis) {
        String prefix = routeKey + '\u0000';
        int n = 0;
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            if (e.getKey().startsWith(prefix) && now - e.getValue().lastSeen <= ttlMillis) n++;
        }
        return n;
    }

    int size() {
        return entries.size();
    }

    /** Forgets sessions of routes that no longer exist, and those pointing at candidates a route no longer lists. */
    void retain(Map<String, Set<CandidateId>> candidatesByRoute) {
        entries.entrySet().removeIf(e -> {
            String k = e.getKey();
            Set<CandidateId> ids = candidatesByRoute.get(k.substring(0, k.indexOf('\u0000')));
            return ids == null || !ids.contains(e.getValue().candidate);
        });
    }
}

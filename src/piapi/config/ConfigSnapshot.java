package piapi.config;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One immutable, validated and indexed configuration. A request reads the holder once and keeps its
 * snapshot to the end, so a reload never changes a request half-way. Users are indexed by the SHA-256
 * of their key: a lookup hashes the presented key and compares digests, never raw keys.
 */
public final class ConfigSnapshot {
    private final GatewayConfig config;
    private final long generation;
    private final String sha256;
    private final Instant loadedAt;
    private final Path source;
    private final List<Problem> warnings;
    private final Map<String, ResolvedUser> usersByDigest;
    private final List<ResolvedUser> usersInOrder;

    ConfigSnapshot(GatewayConfig config, long generation, String sha256, Instant loadedAt, Path source, List<Problem> warnings) {
        this.config = config;
        this.generation = generation;
        this.sha256 = sha256;
        this.loadedAt = loadedAt;
        this.source = source;
        this.warnings = List.copyOf(warnings);
        this.usersByDigest = index(config);
        this.usersInOrder = config.users().stream().map(u -> usersByDigest.get(u.apiKey().digestKey())).toList();
    }

    private static Map<String, ResolvedUser> index(GatewayConfig config) {
        Map<String, ResolvedUser> byDigest = new HashMap<>();
        for (User user : config.users()) {
            String digestHex = HexFormat.of().formatHex(user.apiKey().digest(), 0, 8);
            Map<String, ResolvedRoute> routes = new LinkedHashMap<>();
            user.services().forEach((type, route) -> {
                List<ResolvedCandidate> upstreams = route.candidates().stream().map(c -> {
                    Provider p = config.provider(c.providerName());
                    return new ResolvedCandidate(c, p.service(type), p.apiKeys().get(c.providerKeyName()));
                }).toList();
                // Keyed by a digest prefix, not the name, so a renamed user keeps its rotation state
                // only when the key stays the same, and no key is ever part of it.
                routes.put(type, new ResolvedRoute(user.name(), type, route.strategy(), upstreams, digestHex + "/" + type));
            });
            UserLimits limits = user.limits().over(config.settings().limits().defaults()).effective();
            byDigest.put(user.apiKey().digestKey(), new ResolvedUser(user.name(), user.apiKey(), routes, limits, user.network()));
        }
        return Map.copyOf(byDigest);
    }

    /** The user whose key this is, or null. Digest lookup, confirmed with a constant-time compare. */
    public ResolvedUser user(String presentedKey) {
        byte[] digest = Secret.sha256(presentedKey);
        ResolvedUser user = usersByDigest.get(new String(digest, java.nio.charset.StandardCharsets.ISO_8859_1));
        return user != null && MessageDigest.isEqual(user.key().digest(), digest) ? user : null;
    }

    /** Every user with its resolved routes, in config order (runtime state and admin views follow these). */
    public List<ResolvedUser> users() {
        return usersInOrder;
    }

    public GatewayConfig config() {
        return config;
    }

    public Settings settings() {
        return config.settings();
    }

    /** 1 for the first config this process loaded, +1 for every publish (see {@link ConfigHolder#publish}). */
    public long generation() {
        return generation;
    }

    /** Hex SHA-256 of the file's bytes. */
    public String sha256() {
        return sha256;
    }

    public Instant loadedAt() {
        return loadedAt;
    }

    /** The file it came from, or null when built in memory. */
    public Path source() {
        return source;
    }

    public List<Problem> warnings() {
        return warnings;
    }
}

package piapi.config;

import java.util.List;

/**
 * One upstream a route may use: a provider and the name of one of its keys.
 *
 * @param weight  relative share for weighted strategies, at least 1
 * @param enabled false keeps the candidate in the file but out of rotation
 * @param tags    free-form labels shown in the admin views
 */
public record Candidate(String providerName, String providerKeyName, int weight, boolean enabled, List<String> tags) {
    public Candidate {
        tags = List.copyOf(tags);
    }

    public CandidateId id() {
        return new CandidateId(providerName, providerKeyName);
    }
}

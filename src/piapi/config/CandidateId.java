package piapi.config;

/** The stable identity of an upstream key, (provider, key name): what runtime health is keyed by. */
public record CandidateId(String provider, String keyName) {
    @Override
    public String toString() {
        return provider + "/" + keyName;
    }
}

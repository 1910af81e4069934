package piapi.usage;

import java.util.Set;

/**
 * What a {@link UsageMeter} read from one answer.
 *
 * @param usage         the counts as the provider reported them; {@link Usage#UNKNOWN} when it reported none
 * @param modelAnswered the model named in the answer ({@code model}, {@code message.model}, {@code response.model},
 *                      Gemini's {@code modelVersion}), or null when the answer named none
 * @param state         whether the counts are the whole request's
 * @param issues        what kept the meter from reading all of the answer (usually empty), one counter each
 */
public record UsageReading(Usage usage, String modelAnswered, State state, Set<MeterIssue> issues) {
    /** How far the counts can be trusted. */
    public enum State {
        /** The answer ended cleanly and carried its final usage. */
        COMPLETE,
        /** Usage was seen, but the answer did not end cleanly (client gone, upstream broke off, final usage missing): what was seen. */
        PARTIAL,
        /** No usage was seen: unknown, never zero. */
        UNKNOWN
    }

    /** Count-tokens requests cost nothing and count no tokens: a complete reading of zero. */
    static final UsageReading FREE = new UsageReading(Usage.ZERO, null, State.COMPLETE, Set.of());

    public UsageReading {
        issues = Set.copyOf(issues);
    }
}

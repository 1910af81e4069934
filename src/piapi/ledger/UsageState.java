package piapi.ledger;

import piapi.usage.UsageReading;

/** How much of a request's usage piapi saw. */
public enum UsageState {
    /** the provider reported usage and the response ended cleanly */
    COMPLETE("complete"),
    /** the client left or the stream broke: what was seen is recorded, nothing is estimated */
    PARTIAL("partial"),
    /** no usage was seen at all (absent is not zero) */
    UNKNOWN("unknown");

    private final String label;

    UsageState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The ledger's name for what a usage meter read. */
    public static UsageState of(UsageReading.State state) {
        return switch (state) {
            case COMPLETE -> COMPLETE;
            case PARTIAL -> PARTIAL;
            case UNKNOWN -> UNKNOWN;
        };
    }

    /** The state with this label, or UNKNOWN for anything else. */
    static UsageState of(String label) {
        for (UsageState s : values()) if (s.label.equals(label)) return s;
        return UNKNOWN;
    }
}

package piapi.ledger;

import java.time.LocalDate;
import java.time.ZoneId;

/** What usage can be grouped by ({@code group_by=user,day}). */
public enum GroupKey {
    USER("user"),
    SERVICE("service"),
    PROVIDER("provider"),
    /** the model answered, else the one requested */
    MODEL("model"),
    /** the calendar day in the report's time zone */
    DAY("day");

    private final String label;

    GroupKey(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The key with this label, or null. */
    public static GroupKey of(String label) {
        for (GroupKey k : values()) if (k.label.equals(label)) return k;
        return null;
    }

    String valueOf(LedgerEntry e, ZoneId zone) {
        return switch (this) {
            case USER -> e.user();
            case SERVICE -> e.service();
            case PROVIDER -> e.provider();
            case MODEL -> e.model();
            case DAY -> LocalDate.ofInstant(e.time(), zone).toString();
        };
    }
}

package piapi.limits;

/** What {@link Limiter#admit} decides: go ahead holding a permit, or a refusal naming the limit. */
public sealed interface Admission {
    /** Admitted: close the permit when the request ends, on every path (try-with-resources). */
    record Admitted(Permit permit) implements Admission {}

    record Refused(Refusal refusal) implements Admission {}
}

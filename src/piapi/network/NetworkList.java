package piapi.network;

/**
 * An allow list and a deny list of address ranges (the global {@code network:} section, or one user's
 * {@code users[].network}). The rules: a denied address is refused even when it is also allowed (deny wins);
 * an empty allow list allows every address that is not denied.
 */
public record NetworkList(CidrSet allow, CidrSet deny) {
    /** No lists: every address passes. */
    public static final NetworkList OPEN = new NetworkList(CidrSet.EMPTY, CidrSet.EMPTY);

    /** Why an address was refused. */
    public enum Denial {
        /** the address is in the deny list */
        DENIED("denied"),
        /** the allow list is not empty and the address is not in it */
        NOT_ALLOWED("not_allowed");

        private final String label;

        Denial(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** Null when the address may pass, else why not. Allocation-free. */
    public Denial check(IpAddress address) {
        if (deny.contains(address)) return Denial.DENIED;
        if (!allow.isEmpty() && !allow.contains(address)) return Denial.NOT_ALLOWED;
        return null;
    }

    public boolean permits(IpAddress address) {
        return check(address) == null;
    }

    /** Whether any list is set (an open list needs no check). */
    public boolean isOpen() {
        return allow.isEmpty() && deny.isEmpty();
    }
}

package piapi.server;

import piapi.network.NetworkList;

/**
 * Admission: the client address (decided once when the request arrived, trusted proxies considered) against
 * an allow/deny list, 403 when it may not pass. Two instances: {@link #EVERYONE}, the global {@code network:}
 * lists, first of all, before anything of the request is looked up; and {@link #USER}, the caller's own
 * {@code users[].network} lists, right after their key is known. An empty list costs one check.
 */
final class NetworkCheck implements AdmissionStage {
    /** The global lists: who may reach piapi at all. */
    static final NetworkCheck EVERYONE = new NetworkCheck(true);
    /** The caller's own lists, on top of the global ones. */
    static final NetworkCheck USER = new NetworkCheck(false);

    private final boolean global;

    private NetworkCheck(boolean global) {
        this.global = global;
    }

    @Override
    public Admission admit(ProxyCall call) {
        NetworkList list = global ? call.snapshot().settings().network() : call.user().network();
        if (list.isOpen()) return Admission.ADMITTED;
        NetworkList.Denial denial = list.check(call.exchange().client());
        if (denial == null) return Admission.ADMITTED;
        String address = call.exchange().clientAddress();
        String whose = global ? "piapi's" : "this key's";
        String message = denial == NetworkList.Denial.DENIED
                ? "requests from " + address + " are refused by " + whose + " network deny list"
                : "requests from " + address + " are not in " + whose + " network allow list";
        String code = denial == NetworkList.Denial.DENIED ? "address_denied" : "address_not_allowed";
        return CallerErrors.network(call, code, global ? "network" : "user", message);
    }
}

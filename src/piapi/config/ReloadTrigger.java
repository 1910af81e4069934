package piapi.config;

/** What asked for a reload; named in events, audit lines and the admin status. */
public enum ReloadTrigger {
    /** the directory watcher saw a change */
    WATCH("watch"),
    /** {@code POST /piadmin/api/reload} */
    ADMIN("admin"),
    /** {@code PUT /piadmin/api/config/raw}, after writing the file */
    ADMIN_WRITE("admin_write"),
    /** the process received SIGHUP */
    SIGNAL("sighup"),
    /** a direct call (tests, embedding code) */
    MANUAL("manual");

    private final String label;

    ReloadTrigger(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}

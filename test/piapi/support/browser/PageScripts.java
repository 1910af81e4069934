package piapi.support.browser;

import java.time.Duration;

/** Scripts both browsers install in a page before its own scripts run. */
final class PageScripts {
    private PageScripts() {}

    /** The body of a function that moves {@code Date} and {@code Date.now()} by {@code shift}. */
    static String shiftClock(Duration shift) {
        return """
                const shift = %d, Real = Date;
                class Shifted extends Real {
                  constructor(...a) { if (a.length === 0) super(Real.now() + shift); else super(...a); }
                  static now() { return Real.now() + shift; }
                }
                globalThis.Date = Shifted;""".formatted(shift.toMillis());
    }

    /**
     * A function of one reporting callback that passes on every Content-Security-Policy violation the document sees
     * (Firefox's WebDriver BiDi log carries console calls and uncaught errors, not CSP reports).
     */
    static final String WATCH_CSP = """
            (report) => document.addEventListener('securitypolicyviolation', e =>
              report(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber))""";
}

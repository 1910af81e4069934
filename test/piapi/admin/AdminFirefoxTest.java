package piapi.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import piapi.support.Await;

/**
 * Every step of {@link AdminBrowserTest} again in a real headless Firefox (ESR), driven over WebDriver BiDi: sign-in,
 * the live log, a user created and its key used through the proxy, a route edit followed, bad YAML highlighted at
 * its line, a restore from History, the keyboard paths, and no token anywhere but sessionStorage. Each test also
 * asserts that Firefox saw no exception, console error or CSP violation; screenshots go to build/screenshots/firefox/.
 */
@EnabledIf(value = "piapi.support.browser.Firefox#available",
        disabledReason = "no Firefox at /usr/bin/firefox-esr or /usr/bin/firefox (or PIAPI_FIREFOX): the Firefox tests are skipped")
class AdminFirefoxTest extends AdminBrowserTest implements OnFirefox {
    /**
     * The checks every test ends with can fail on Firefox too: an inline script the CSP blocks, a console error and a
     * refused call are all seen, and a refused call only passes when its status is expected.
     */
    @Test
    void theDriverSeesCspViolationsAndConsoleErrors() {
        signIn();
        page.eval("const s = document.createElement('script'); s.textContent = 'window.ran = true'; document.body.append(s);"
                + " console.error('on purpose'); true");
        Await.until("the CSP violation and the console error", Duration.ofSeconds(20), () -> {
            List<String> problems = page.problems();
            return problems.stream().anyMatch(p -> p.startsWith("CSP: script-src")) && problems.stream().anyMatch(p -> p.contains("on purpose"));
        });
        assertEquals(null, page.eval("window.ran ?? null"), "the inline script did not run");
        int before = page.problems().size();
        assertEquals(401L, page.eval("fetch('/piadmin/api/config').then(r => r.status)"), "no token, refused");
        Await.until("the refused call among the failed loads", Duration.ofSeconds(20), () -> page.problems().size() == before + 1);
        assertTrue(page.problems().getLast().contains("status of 401 "), page.problems().toString());
        assertEquals(before, page.problems(401).size(), "an expected status is not a problem");
    }
}

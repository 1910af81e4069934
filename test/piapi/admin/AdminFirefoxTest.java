package piapi.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import piapi.support.Await;
import piapi.support.browser.Firefox;

/**
 * Every step of {@link AdminBrowserTest} again in a real headless Firefox (ESR), driven over WebDriver BiDi: sign-in,
 * the live log, a user created and its key used through the proxy, a route edit followed, bad YAML highlighted at
 * its line, a restore from History, the keyboard paths, and no token anywhere but sessionStorage. Each test also
 * asserts that Firefox saw no exception, console error or CSP violation; screenshots go to build/screenshots/firefox/.
 */
@EnabledIf(value = "piapi.support.browser.Firefox#available",
        disabledReason = "no Firefox at /usr/bin/firefox-esr or /usr/bin/firefox (or PIAPI_FIREFOX): the Firefox tests are skipped")
class AdminFirefoxTest extends AdminBrowserTest {
    /** Hides {@link AdminBrowserTestBase#launch}: this class's browser is Firefox. */
    @BeforeAll
    static void launch() throws Exception {
        browser = Firefox.launch();
    }

    @Override
    Path shots() {
        return SHOTS.resolve("firefox");
    }

    /** The checks every test ends with can fail on Firefox too: an inline script the CSP blocks and a console error are both seen. */
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
    }
}

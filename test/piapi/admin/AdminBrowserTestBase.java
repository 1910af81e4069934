package piapi.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static piapi.support.TestConfig.ADMIN_TOKEN;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import piapi.http.JsonWriter;
import piapi.support.browser.Browser;
import piapi.support.browser.Chromium;
import piapi.support.browser.Firefox;
import piapi.support.browser.Page;

/**
 * What the admin page's browser tests share: one headless browser per class (Chromium, or Firefox for a class that
 * implements {@link OnFirefox}), a fresh tab (its own storage) and a fresh gateway per test, signing in as a
 * keyboard user would, screenshots at 1280×800 and at phone width under build/screenshots/ (Firefox's in
 * build/screenshots/firefox/), and the checks every test ends with. Concrete classes carry
 * {@code @EnabledIf("piapi.support.browser.Chromium#available")} (or Firefox's) so they are skipped without a browser.
 */
abstract class AdminBrowserTestBase extends AdminGatewayTestBase {
    static final Path SHOTS = Path.of("build", "screenshots");
    static final int PHONE_WIDTH = 390;
    static Browser browser;
    Page page;
    AdminClient admin;

    @BeforeAll
    static void launch(TestInfo info) throws Exception {
        browser = OnFirefox.class.isAssignableFrom(info.getTestClass().orElseThrow()) ? Firefox.launch() : Chromium.launch();
    }

    @AfterAll
    static void quit() throws Exception {
        if (browser != null) browser.close();
        browser = null;
    }

    @BeforeEach
    void open() {
        page = browser.newPage(1280, 800, false);
        admin = new AdminClient(piapi);
    }

    @AfterEach
    void closePage() {
        if (page != null) page.close();
    }

    /** Where this class's screenshots go: Chromium's where they always were, other browsers' in a folder of their own. */
    Path shots() {
        return browser instanceof Chromium ? SHOTS : SHOTS.resolve(browser.name());
    }

    String base() {
        return piapi.url("/piadmin/");
    }

    /** Signs in by typing the token and pressing Enter, as a keyboard user would. */
    void signIn() {
        page.navigate(base());
        page.waitFor("the sign-in form", "!document.querySelector('#signin').hidden");
        page.type("#token", ADMIN_TOKEN);
        page.press("Enter");
        page.waitFor("the dashboard", "document.querySelector('#cards .card') !== null");
    }

    void go(String view, String readyExpression) {
        page.eval("location.hash = '#/" + view + "'");
        page.waitFor(view + " to render", readyExpression);
    }

    /**
     * Screenshots of the view at 1280×800 and at phone width. At phone width the page itself must not scroll
     * sideways: wide tables scroll inside their own box, everything else wraps.
     */
    void shot(String name) throws Exception {
        page.screenshot(shots().resolve(name + "-1280x800.png"));
        page.viewport(PHONE_WIDTH, 844, true);
        page.eval("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))");
        page.screenshot(shots().resolve(name + "-phone.png"));
        Object overflow = page.eval("document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertEquals(0L, ((Number) overflow).longValue(), name + " scrolls sideways at phone width");
        page.viewport(1280, 800, false);
    }

    void noProblems(int... expectedStatuses) {
        assertEquals(List.of(), page.problems(expectedStatuses), "the page logged problems");
    }

    /** The token is in sessionStorage only: not in localStorage, a cookie, the URL or the history. */
    void tokenOnlyInSessionStorage() {
        assertEquals(ADMIN_TOKEN, page.eval("sessionStorage.getItem('piapiAdminToken')"));
        assertEquals(0L, page.eval("localStorage.length"));
        assertEquals("", page.eval("document.cookie"));
        assertFalse(((String) page.eval("location.href")).contains(ADMIN_TOKEN));
        assertFalse(((String) page.eval("document.documentElement.outerHTML")).contains(ADMIN_TOKEN), "the token is not in the DOM");
        for (String url : page.requestedUrls()) assertFalse(url.contains(ADMIN_TOKEN), "the token is in a requested URL: " + url);
        assertTrue(page.requestedUrls().size() > 1, "requests were recorded: " + page.requestedUrls());
    }

    static int lineOf(String text, String needle) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains(needle)) return i + 1;
        throw new AssertionError(needle + " not in the text");
    }

    static String jsString(String s) {
        return JsonWriter.quote(s);
    }
}

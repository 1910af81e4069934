package piapi.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static piapi.support.TestConfig.ADMIN_ALICE_KEY;
import static piapi.support.TestConfig.ADMIN_BETA_KEY;
import static piapi.support.TestConfig.ADMIN_TOKEN;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import piapi.support.TestConfig;
import org.junit.jupiter.api.condition.EnabledIf;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import piapi.http.JsonWriter;
import piapi.ledger.LedgerEntry;
import piapi.ledger.UsageState;
import piapi.support.Await;
import piapi.usage.Usage;
import piapi.support.FakeUpstream;
import piapi.support.browser.Chromium;
import piapi.support.browser.Page;

/**
 * The admin page in a real headless Chromium: sign-in, the live log, a user created and used through the
 * proxy, a route edit followed by the next request, a YAML error highlighted, a restore from History,
 * and no token anywhere but sessionStorage. Every test also asserts the page produced no exception,
 * console error or CSP violation, and writes screenshots under build/screenshots/.
 */
@EnabledIf(value = "piapi.support.browser.Chromium#available",
        disabledReason = "no Chromium at /usr/bin/chromium (or PIAPI_CHROMIUM): the browser tests are skipped")
class AdminBrowserTest extends AdminGatewayTestBase {
    static final Path SHOTS = Path.of("build", "screenshots");
    static Chromium browser;
    Page page;
    AdminClient admin;

    @BeforeAll
    static void launch() throws Exception {
        browser = Chromium.launch();
    }

    @AfterAll
    static void quit() throws Exception {
        if (browser != null) browser.close();
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

    void shot(String name) throws Exception {
        page.screenshot(SHOTS.resolve(name + "-1280x800.png"));
        page.viewport(390, 844, true);
        page.eval("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))");
        page.screenshot(SHOTS.resolve(name + "-phone.png"));
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
    }

    @Test
    void signsInAndSeesAProxiedRequestInTheLiveLog() throws Exception {
        page.navigate(base());
        page.waitFor("the sign-in form", "!document.querySelector('#signin').hidden");
        page.type("#token", "not-the-token");
        page.press("Enter");
        assertEquals("That is not the admin token.", page.waitFor("the refusal", "document.querySelector('#signin-error').textContent"));
        assertEquals(null, page.eval("sessionStorage.getItem('piapiAdminToken')"));
        shot("signin");
        page.type("#token", ADMIN_TOKEN);
        page.press("Enter");
        page.waitFor("the dashboard", "document.querySelector('#cards .card') !== null");
        tokenOnlyInSessionStorage();

        HttpResponse<String> r = piapi.post("/piapi/codex/chat/completions", ADMIN_ALICE_KEY, "{}");
        assertEquals(200, r.statusCode());
        String id = r.headers().firstValue("X-Piapi-Request-Id").orElseThrow();
        String row = "document.querySelector('#log tr[data-request-id=\"" + id + "\"]')";
        page.waitFor("the request in the live log", row + " !== null");
        assertEquals("alice", page.eval(row + ".children[1].textContent"));
        assertEquals("alpha/main", page.eval(row + ".children[3].textContent"));
        assertEquals("200", page.eval(row + ".children[5].textContent"));
        page.waitFor("the cards to count it", "document.querySelector('#card-requests .value').textContent === '1'");
        page.waitFor("the chart to draw it", "document.querySelectorAll('#chart rect.bar').length > 0");
        shot("dashboard");
        tokenOnlyInSessionStorage();

        page.click("#pause");
        assertEquals("true", page.eval("document.querySelector('#pause').getAttribute('aria-pressed')"));
        page.click("#signout");
        page.waitFor("the sign-in form", "!document.querySelector('#signin').hidden");
        assertEquals(null, page.eval("sessionStorage.getItem('piapiAdminToken')"));
        assertEquals(true, page.eval("document.querySelector('#top').hidden"));
        noProblems(401);
    }

    @Test
    void theViewsCanBeReachedWithTheKeyboard() throws Exception {
        signIn();
        page.eval("document.querySelector('.skip').focus()");
        page.press("Enter");
        assertEquals("view", page.eval("document.activeElement.id"), "the skip link moves the focus to the content");
        assertEquals("#/dashboard", page.eval("location.hash"));
        page.eval("document.querySelector('.skip').focus()");
        page.press("Tab");
        assertEquals("Dashboard", page.eval("document.activeElement.textContent"));
        page.press("Tab");
        assertEquals("Routes", page.eval("document.activeElement.textContent"));
        page.press("Enter");
        page.waitFor("the routes view", "document.querySelector('[data-route=\"alice/codex\"]') !== null");
        assertEquals("page", page.eval("document.querySelector('nav a[href=\"#/routes\"]').getAttribute('aria-current')"));
        noProblems();
    }

    @Test
    void anyRefusedCallReturnsToSignIn() throws Exception {
        signIn();
        page.eval("sessionStorage.setItem('piapiAdminToken', 'stale-token-from-another-start')");
        go("routes", "!document.querySelector('#signin').hidden");
        assertEquals("The admin token was refused: sign in again.", page.text("#signin-error"));
        assertEquals(null, page.eval("sessionStorage.getItem('piapiAdminToken')"));
        noProblems(401);
    }

    @Test
    void addsAUserAndItsGeneratedKeyWorksThroughTheProxy() throws Exception {
        signIn();
        go("users", "document.querySelector('[data-user=\"alice\"]') !== null");
        shot("users");
        page.click("#add-user");
        page.type("#new-user-name", "dora");
        page.eval("(() => { const s = document.querySelector('dialog .candidate select'); s.value = 'beta'; s.dispatchEvent(new Event('change')); })()");
        page.click("dialog button[value=ok]");
        String key = (String) page.waitFor("the key, shown once", "document.querySelector('#new-key')?.textContent");
        assertTrue(key.startsWith("piapi-"), key);
        shot("users-new-key");
        page.click("dialog button[value=ok]");
        page.waitFor("the key dialog to close", "document.querySelector('dialog') === null");
        page.waitFor("dora's panel", "document.querySelector('[data-user=\"dora\"]') !== null");
        assertFalse(((String) page.eval("document.body.textContent")).contains(key), "the key is not shown again");

        assertEquals(200, piapi.post("/piapi/codex/v1/responses", key, "{}").statusCode());
        FakeUpstream.Recorded up = upstream.take();
        assertEquals("/beta/v1/responses", up.rawPath());
        assertEquals("api_key=" + ADMIN_BETA_KEY, up.rawQuery());
        noProblems();
    }

    @Test
    void theSetupPanelCopiesEvenWhereTheClipboardIsRefused() throws Exception {
        signIn();
        go("users", "document.querySelector('[data-user=\"bob\"]') !== null");
        page.click("[data-user=\"bob\"] .row button"); // Setup
        String snippet = "[data-user=\"bob\"] .snippet[data-client=\"curl\"]";
        page.waitFor("bob's snippets", "document.querySelector('" + snippet.replace("'", "\\'") + "') !== null");
        String text = (String) page.eval("document.querySelector('" + snippet.replace("'", "\\'") + " pre').textContent");
        assertTrue(text.contains(piapi.url("/piapi/codex")), text);
        assertTrue(text.contains(SetupSnippets.KEY_PLACEHOLDER), text);
        shot("users-setup");
        // plain HTTP on a LAN address: the clipboard API refuses; the text is selected and copied the old way
        page.eval("navigator.clipboard.writeText = () => Promise.reject(new DOMException('denied', 'NotAllowedError'));"
                + "window.copied = []; const exec = document.execCommand.bind(document);"
                + "document.execCommand = c => { const a = document.activeElement;"
                + " window.copied.push(a.value.substring(a.selectionStart, a.selectionEnd)); return exec(c); }; true");
        page.click(snippet + " button");
        assertEquals(text, page.waitFor("the fallback copy", "window.copied[0]"));
        page.waitFor("the confirmation", "/Copied|Ctrl\\+C/.test(document.querySelector('#toast').textContent)");
        noProblems();
    }

    @Test
    void aRouteEditedOnThePageIsFollowedByTheNextRequest() throws Exception {
        signIn();
        go("users", "document.querySelector('[data-user=\"alice\"] [data-service=\"codex\"] button') !== null");
        page.click("[data-user=\"alice\"] [data-service=\"codex\"] button");
        page.waitFor("the route editor", "document.querySelector('dialog .candidate select') !== null");
        page.eval("(() => { const s = document.querySelector('dialog .candidate select'); s.value = 'beta'; s.dispatchEvent(new Event('change')); })()");
        assertEquals("prod", page.eval("document.querySelectorAll('dialog .candidate select')[1].value"));
        page.click("dialog button[value=ok]");
        page.waitFor("the new route", "document.querySelector('[data-user=\"alice\"] [data-service=\"codex\"]')?.textContent.includes('beta/prod')");

        assertEquals(200, piapi.post("/piapi/codex/x", ADMIN_ALICE_KEY, "{}").statusCode());
        assertEquals("/beta/x", upstream.take().rawPath());
        go("routes", "document.querySelector('[data-route=\"alice/codex\"]')?.textContent.includes('beta/prod')");
        shot("routes");
        noProblems();
    }

    @Test
    void providersShowKeysMaskedAndKeepUsedKeysFromDeletion() throws Exception {
        signIn();
        go("providers", "document.querySelector('[data-provider=\"alpha\"]') !== null");
        String alpha = "[data-provider=\"alpha\"]";
        assertEquals("…1111", page.eval("document.querySelector('" + alpha + " [data-key=\"main\"] td:nth-child(2)').textContent"));
        assertEquals(true, page.eval("document.querySelector('" + alpha + " [data-key=\"main\"] button.danger').disabled"));
        assertTrue(((String) page.eval("document.querySelector('" + alpha + " [data-key=\"main\"] button.danger').title")).contains("alice/codex"));
        for (String secret : TestConfig.ADMIN_SECRETS) {
            assertFalse(((String) page.eval("document.documentElement.outerHTML")).contains(secret) && !secret.equals(ADMIN_TOKEN), secret);
        }
        shot("providers");
        noProblems();
    }

    @Test
    void badYamlIsReportedAtItsLineWhichIsHighlighted() throws Exception {
        signIn();
        go("raw", "document.querySelector('#yaml').value.includes('providers:')");
        String text = (String) page.eval("document.querySelector('#yaml').value");
        String broken = text.replace("codex: {providerName: alpha, providerKeyName: main}", "codex: {providerName: gamma, providerKeyName: main}");
        int line = lineOf(broken, "providerName: gamma");
        page.eval("(() => { const t = document.querySelector('#yaml'); t.value = " + jsString(broken)
                + "; t.dispatchEvent(new Event('input')); })()");
        page.click("#validate");
        page.waitFor("the problem list", "document.querySelector('#problems .problems.bad') !== null");
        assertTrue(page.text("#problems").contains("provider 'gamma' not defined"), page.text("#problems"));
        assertEquals(true, page.eval("document.querySelector('.gutter [data-line=\"" + line + "\"]').classList.contains('bad')"));
        assertEquals(true, page.eval("document.querySelector('.gutter [data-line=\"" + line + "\"]').classList.contains('hl')"));
        assertEquals(String.valueOf(line), page.eval("document.querySelector('.line-mark:not([hidden])')?.dataset.line"));
        long start = broken.lines().limit(line - 1).mapToLong(l -> l.length() + 1).sum();
        assertEquals(start, ((Number) page.eval("document.querySelector('#yaml').selectionStart")).longValue(), "the cursor is on that line");
        shot("raw-yaml-problem");

        // a YAML syntax error is placed too; clicking the problem jumps back to it
        String syntax = text.replace("timeouts: {firstByte: 30s}", "timeouts: {firstByte: 30s");
        int syntaxLine = lineOf(syntax, "timeouts: {");
        page.eval("(() => { const t = document.querySelector('#yaml'); t.value = " + jsString(syntax)
                + "; t.dispatchEvent(new Event('input')); t.setSelectionRange(0, 0); })()");
        page.click("#validate");
        page.waitFor("the syntax problem", "document.querySelector('#problems')?.textContent.includes('closed on the same line')");
        page.click("#problems button.link");
        assertEquals(String.valueOf(syntaxLine), page.eval("document.querySelector('.line-mark:not([hidden])')?.dataset.line"));
        assertEquals(1L, piapi.gateway.config().current().generation(), "validation writes nothing");
        noProblems(400);
    }

    @Test
    void savesRawYamlAfterShowingTheDiff() throws Exception {
        signIn();
        go("raw", "document.querySelector('#yaml').value.includes('providers:')");
        String text = (String) page.eval("document.querySelector('#yaml').value");
        page.eval("(() => { const t = document.querySelector('#yaml'); t.value = " + jsString(text.replace("firstByte: 30s", "firstByte: 45s"))
                + "; t.dispatchEvent(new Event('input')); })()");
        page.click("#save");
        page.waitFor("the diff before saving", "document.querySelector('dialog .diff .da')?.textContent.includes('45s')");
        shot("raw-yaml-diff");
        page.click("dialog button[value=ok]");
        page.waitFor("the saved message", "document.querySelector('#saved') !== null");
        assertEquals(45, piapi.gateway.config().current().settings().timeouts().firstByte().toSeconds());
        assertTrue(Files.readString(piapi.configFile).startsWith("# piapi test config"), "comments survive the raw editor");
        noProblems();
    }

    @Test
    void warningsAreShownWithAnExplicitApplyAnyway() throws Exception {
        signIn();
        go("raw", "document.querySelector('#yaml').value.includes('providers:')");
        String text = (String) page.eval("document.querySelector('#yaml').value");
        page.eval("(() => { const t = document.querySelector('#yaml'); t.value = " + jsString(text.replace("firstByte: 30s", "firstByte: 30s, frstByte: 1s"))
                + "; t.dispatchEvent(new Event('input')); })()");
        page.click("#save");
        page.click("dialog button[value=ok]");
        page.waitFor("the warnings", "document.querySelector('#apply-anyway') !== null");
        assertTrue(page.text("#problems").contains("unknown key"), page.text("#problems"));
        assertEquals(1L, piapi.gateway.config().current().generation(), "nothing was written yet");
        shot("raw-yaml-warnings");
        page.click("#apply-anyway");
        page.waitFor("the saved config", "document.querySelector('#problems')?.textContent.includes('Saved, with warnings')");
        assertEquals(2L, piapi.gateway.config().current().generation());
        assertTrue(Files.readString(piapi.configFile).contains("frstByte: 1s"));
        noProblems(422);
    }

    @Test
    void restoresAnEarlierVersionFromHistory() throws Exception {
        assertEquals(200, admin.write("DELETE", "/users/bob", null).statusCode());
        assertEquals(1, piapi.gateway.config().current().config().users().size());
        signIn();
        go("history", "document.querySelectorAll('#history tr[data-version]').length === 2");
        page.click("#history tr[data-version=\"1\"] button"); // its diff (the first version: its text)
        page.waitFor("the version's text", "document.querySelector('#history-diff pre')?.textContent.includes('name: bob')");
        assertFalse(page.text("#history-diff").contains(TestConfig.ADMIN_BOB_KEY), "keys are masked");
        shot("history");
        page.click("#history tr[data-version=\"1\"] button.restore");
        page.click("dialog button[value=ok]");
        page.waitFor("the restored version on top", "document.querySelector('#history tr.current')?.dataset.version === '3'");
        assertEquals(2, piapi.gateway.config().current().config().users().size());
        assertEquals(Files.readString(piapi.configFile), original);
        assertTrue(page.text("#history tr.current").contains("restore version 1"));
        noProblems();
    }

    @Test
    void usageShowsTokensAndCostAndDownloadsTheCsv() throws Exception {
        Instant now = Instant.now();
        piapi.gateway.ledger().append(new LedgerEntry(now, "r1", "alice", "codex", "alpha", "main", "gpt-5", "gpt-5", 200, "ok",
                new Usage(1200, 200, 0, 0, 300, 100, 0), 1_500_000_000L, UsageState.COMPLETE, false));
        piapi.gateway.ledger().append(new LedgerEntry(now, "r2", "bob", "codex", "alpha", "backup", "o3", "o3", 200, "ok",
                new Usage(800, 0, 0, 0, 200, 0, 0), LedgerEntry.UNPRICED, UsageState.COMPLETE, false));
        assertTrue(piapi.gateway.ledger().flush(Duration.ofSeconds(10)));
        signIn();
        page.waitFor("the tokens card", "document.querySelector('#card-tokens .value')?.textContent === '2,500'");
        assertEquals("$1.50", page.text("#card-tokens .sub"));

        go("usage", "document.querySelector('#usage table') !== null");
        String today = LocalDate.ofInstant(now, ZoneOffset.UTC).toString();
        List<?> rows = (List<?>) page.eval("[...document.querySelectorAll('#usage tbody tr')].map(r => r.textContent)");
        assertEquals(3, rows.size(), rows.toString());
        assertTrue(rows.get(0).toString().startsWith("alice" + today + "1"), rows.toString());
        assertTrue(rows.get(0).toString().endsWith("$1.5000"), rows.toString());
        assertTrue(rows.get(1).toString().endsWith("unpriced"), "never $0 for a model without a price: " + rows);
        assertTrue(rows.get(2).toString().startsWith("total"), rows.toString());
        assertTrue(rows.get(2).toString().endsWith("$1.5000 + 1 unpriced"), rows.toString());
        assertTrue(page.text("#usage").contains("1 request had no price"), page.text("#usage"));
        shot("usage");

        Path downloads = Path.of("build", "downloads", "usage-" + ProcessHandle.current().pid());
        page.allowDownloads(downloads);
        page.click("#usage-csv");
        Path csv = downloads.resolve("piapi-usage-" + page.eval("document.querySelector('#usage-from').value") + "-" + today + ".csv");
        Await.until("the CSV download", Duration.ofSeconds(20), () -> Files.exists(csv));
        List<String> lines = Files.readAllLines(csv);
        assertTrue(lines.get(0).startsWith("user,day,requests,input_tokens"), lines.get(0));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("alice," + today + ",1,1200,")), lines.toString());
        noProblems();
    }

    private static int lineOf(String text, String needle) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains(needle)) return i + 1;
        throw new AssertionError(needle + " not in the text");
    }

    private static String jsString(String s) {
        return JsonWriter.quote(s);
    }

}

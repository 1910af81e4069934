package piapi.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static piapi.support.TestConfig.ADMIN_ALICE_KEY;
import static piapi.support.TestConfig.ADMIN_BETA_KEY;
import static piapi.support.TestConfig.ADMIN_TOKEN;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import piapi.support.Await;
import piapi.support.FakeUpstream;
import piapi.support.TestConfig;
import piapi.support.WallClock;

/**
 * The admin page in a real headless Chromium: sign-in, the live log, a user created and used through the
 * proxy, a route edit followed by the next request, a YAML error highlighted, a restore from History,
 * and no token anywhere but sessionStorage. Every test also asserts the page produced no exception,
 * console error or CSP violation, and writes screenshots under build/screenshots/.
 */
@EnabledIf(value = "piapi.support.browser.Chromium#available",
        disabledReason = "no Chromium at /usr/bin/chromium (or PIAPI_CHROMIUM): the browser tests are skipped")
class AdminBrowserTest extends AdminBrowserTestBase {
    /** The dashboard's cards and the live log's filters count the request log's last hour: {@link WallClock#machine}. */
    @Override
    Clock clock() {
        return WallClock.machine();
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
        // a dialog opens from the keyboard, holds the focus, and Escape closes it
        go("users", "document.querySelector('#add-user') !== null"); // pressed at once, before the users have loaded
        page.eval("document.querySelector('#add-user').focus()");
        page.press("Enter");
        page.waitFor("the new-user dialog", "document.querySelector('dialog[open]') !== null");
        assertEquals(true, page.eval("document.querySelector('dialog[open]').contains(document.activeElement)"), "the focus is in the dialog");
        page.press("Escape");
        page.waitFor("the dialog to close", "document.querySelector('dialog') === null");
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
        choose("dialog .candidate select", "beta");
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
        choose("dialog .candidate select", "beta");
        assertEquals("prod", page.eval("document.querySelectorAll('dialog .candidate select')[1].value"));
        page.click("dialog button[value=ok]");
        page.waitFor("the new route", "document.querySelector('[data-user=\"alice\"] [data-service=\"codex\"]')?.textContent.includes('beta/prod')");

        assertEquals(200, piapi.post("/piapi/codex/x", ADMIN_ALICE_KEY, "{}").statusCode());
        assertEquals("/beta/x", upstream.take().rawPath());
        go("routes", "document.querySelector('[data-route=\"alice/codex\"]')?.textContent.includes('beta/prod')");
        String route = "[data-route=\"alice/codex\"]";
        List<?> headers = (List<?>) page.eval("[...document.querySelectorAll('" + route.replace("'", "\\'") + " th')].map(t => t.textContent)");
        assertEquals(List.of("candidate", "health", "weight", "cooldown until", "errors (all / recent)", "requests / errors", "last status",
                "last used", "last error"), headers);
        // the request's outcome reaches the health table as its exchange ends, which may be just after the client has the answer
        Await.until("the request in the route's health", Duration.ofSeconds(20),
                () -> call(() -> admin.call("GET", "/routes", null).body()).contains("\"last_status\":200"));
        page.click("#routes-refresh");
        page.waitFor("the refreshed health", "document.querySelector('" + route.replace("'", "\\'") + " tbody td:nth-child(7)')?.textContent === '200'");
        List<?> cells = (List<?>) page.eval("[...document.querySelectorAll('" + route.replace("'", "\\'") + " tbody td')].map(t => t.textContent)");
        assertEquals("beta/prod", cells.get(0), cells.toString());
        assertEquals("healthy", cells.get(1), cells.toString());
        assertEquals("1", cells.get(2), "the weight, and no effective weight beside it while healthy: " + cells);
        assertEquals("0.0% / 0.0%", cells.get(4), cells.toString());
        assertEquals("1 / 0", cells.get(5), cells.toString());
        assertEquals("200", cells.get(6), "the last status of the request just proxied: " + cells);
        assertTrue(page.text(route + " h2").contains("round robin"), "the strategy: " + page.text(route + " h2"));
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
        assertTrue(page.text(".notice").contains("comments and formatting survive only when you edit through Raw YAML"), page.text(".notice"));

        // renaming a key renames it in the routes that use it, in the same write
        page.click(alpha + " [data-key=\"main\"] td.actions button:nth-child(2)"); // Rename
        page.type("dialog input", "primary");
        page.click("dialog button[value=ok]");
        page.waitFor("the renamed key", "document.querySelector('" + alpha + " [data-key=\"primary\"] td:nth-child(3)')?.textContent === 'alice/codex'");
        assertEquals("primary", piapi.gateway.config().current().config().users().get(0).services().get("codex").candidates().get(0).providerKeyName());
        assertEquals(200, piapi.post("/piapi/codex/x", ADMIN_ALICE_KEY, "{}").statusCode(), "alice's route still works");
        assertEquals("Bearer " + TestConfig.ADMIN_PROVIDER_KEY, upstream.take().header("Authorization"));
        noProblems();
    }

    @Test
    void theLiveLogFiltersByUserServiceProviderAndStatus() throws Exception {
        signIn();
        assertEquals(200, piapi.post("/piapi/codex/a", ADMIN_ALICE_KEY, "{}").statusCode());
        assertEquals(200, piapi.post("/piapi/codex/b", TestConfig.ADMIN_BOB_KEY, "{}").statusCode());
        assertEquals(401, piapi.post("/piapi/codex/c", "piapi-not-a-key", "{}").statusCode());
        String users = "[...document.querySelectorAll('#log tbody tr')].map(r => r.children[1].textContent).sort().join()";
        page.waitFor("all three in the log", users + " === 'alice,bob,—'");
        page.waitFor("bob among the user filters", "document.querySelector('#filter-user option[value=bob]') !== null");
        choose("#filter-user", "bob");
        page.waitFor("bob's request alone", users + " === 'bob'");
        assertEquals("alpha/backup", page.eval("document.querySelector('#log tbody tr').children[3].textContent"));
        choose("#filter-user", "");
        choose("#filter-provider", "alpha");
        page.waitFor("alpha's requests", users + " === 'alice,bob'");
        choose("#filter-provider", "");
        choose("#filter-status", "error");
        page.waitFor("the refused request alone", users + " === '—'");
        assertEquals("401", page.eval("document.querySelector('#log tbody tr').children[5].textContent"));
        choose("#filter-service", "codex");
        page.waitFor("the service filter applied too", "document.querySelector('#log')?.textContent.includes('No requests match')"
                + " || " + users + " === '—'");
        noProblems();
    }

    /** What the raw YAML editor holds. */
    private String yaml() {
        return (String) page.eval("document.querySelector('#yaml').value");
    }

    /** Puts {@code text} in the raw YAML editor as if typed (the input event follows). */
    private void editYaml(String text) {
        page.eval("(() => { const t = document.querySelector('#yaml'); t.value = " + jsString(text) + "; t.dispatchEvent(new Event('input')); })()");
    }

    /** Picks a value in a select as a user would (the change event follows). */
    private void choose(String select, String value) {
        page.eval("(() => { const s = document.querySelector(" + jsString(select) + "); s.value = " + jsString(value)
                + "; s.dispatchEvent(new Event('change')); })()");
    }

    @Test
    void badYamlIsReportedAtItsLineWhichIsHighlighted() throws Exception {
        signIn();
        go("raw", "document.querySelector('#yaml').value.includes('providers:')");
        String text = yaml();
        String broken = text.replace("codex: {providerName: alpha, providerKeyName: main}", "codex: {providerName: gamma, providerKeyName: main}");
        int line = lineOf(broken, "providerName: gamma");
        editYaml(broken);
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
        String text = yaml();
        editYaml(text.replace("firstByte: 30s", "firstByte: 45s"));
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
        String text = yaml();
        editYaml(text.replace("firstByte: 30s", "firstByte: 30s, frstByte: 1s"));
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
    void aRawSaveBasedOnAStaleFileWritesNothingAndOffersTheCurrentFile() throws Exception {
        signIn();
        go("raw", "document.querySelector('#yaml').value.includes('name: bob')");
        assertEquals(200, admin.write("DELETE", "/users/bob", null).statusCode(), "someone else writes meanwhile");
        String text = yaml();
        editYaml(text.replace("firstByte: 30s", "firstByte: 45s"));
        page.click("#save");
        page.waitFor("the diff before saving", "document.querySelector('dialog .diff') !== null");
        page.click("dialog button[value=ok]");
        page.waitFor("the stale-file dialog", "document.querySelector('dialog')?.textContent.includes('changed config.yaml since you loaded it')");
        assertEquals(30, piapi.gateway.config().current().settings().timeouts().firstByte().toSeconds(), "nothing was written");
        assertEquals(2L, piapi.gateway.config().current().generation());
        page.click("dialog button[value=ok]"); // Load the current file
        page.waitFor("the current file in the editor", "!document.querySelector('#yaml').value.includes('name: bob')");
        assertTrue(yaml().contains("firstByte: 30s"), "the edit was dropped");
        noProblems(409);
    }

    @Test
    void aStructuredEditBasedOnAStaleConfigWritesNothingAndOffersToReload() throws Exception {
        signIn();
        go("users", "document.querySelector('[data-user=\"bob\"]') !== null");
        assertEquals(200, admin.write("DELETE", "/users/bob", null).statusCode(), "someone else writes meanwhile");
        page.click("[data-user=\"alice\"] [data-service=\"codex\"] button");
        page.waitFor("the route editor", "document.querySelector('dialog .candidate select') !== null");
        choose("dialog .candidate select", "beta");
        page.click("dialog button[value=ok]");
        page.waitFor("the stale-config dialog", "document.querySelector('dialog')?.textContent.includes('Someone changed the config')");
        assertEquals("alpha", piapi.gateway.config().current().config().users().get(0).services().get("codex").candidates().get(0).providerName(),
                "nothing was written");
        page.click("dialog button[value=reload]");
        page.waitFor("the current config", "document.querySelector('[data-user=\"bob\"]') === null"
                + " && document.querySelector('[data-user=\"alice\"]') !== null");
        noProblems(409);
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

    private static <T> T call(Callable<T> c) {
        try {
            return c.call();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}

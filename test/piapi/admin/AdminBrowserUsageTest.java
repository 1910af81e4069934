package piapi.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static piapi.support.TestConfig.ADMIN_ALICE_KEY;
import static piapi.support.TestConfig.ADMIN_BOB_KEY;
import static piapi.support.TestConfig.ADMIN_PROVIDER_KEY;
import static piapi.support.TestConfig.ADMIN_TOKEN;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import piapi.http.JsonReader;
import piapi.ledger.LedgerEntry;
import piapi.support.Await;
import piapi.support.FakeUpstream;
import piapi.support.GatewayHarness;
import piapi.support.Ledgers;
import piapi.support.browser.Page;

/**
 * Usage and limits on the admin page, from requests that really went through the proxy: the upstream answers
 * with usage numbers, the ledger records them priced by {@code pricing:}, and the page shows the tokens and
 * cost on the dashboard and in the Usage view, each user's limits with what is used and when it resets, and
 * downloads the CSV with the token in a header, never in a URL.
 */
@EnabledIf(value = "piapi.support.browser.Chromium#available",
        disabledReason = "no Chromium at /usr/bin/chromium (or PIAPI_CHROMIUM): the browser tests are skipped")
class AdminBrowserUsageTest extends AdminBrowserTestBase {
    /** gpt-5 is priced (USD per million tokens); o3 is not. */
    static final String PRICING = "pricing:\n  gpt-5: { input: 3, output: 15, cacheRead: 0.30 }\n";
    /**
     * piapi's days begin in a zone whose date is not UTC's while the test runs (Kiritimati, UTC+14, is a day ahead
     * from 10:00 UTC; Pago Pago, UTC-11, a day behind until 11:00 UTC), so the page must take "today" from piapi's
     * answers, not from the browser's clock in UTC.
     */
    static final ZoneId ZONE = ZoneId.of(LocalTime.now(ZoneOffset.UTC).getHour() >= 10 ? "Pacific/Kiritimati" : "Pacific/Pago_Pago");
    static final String LIMITS = "limits:\n  timezone: " + ZONE.getId()
            + "\n  default: { requestsPerMinute: 60, tokensPerDay: 1000000, costPerDay: 20 }\n";

    @Override
    FakeUpstream startUpstream() throws Exception {
        // an OpenAI Chat Completions answer with the model asked for and its usage: 120,000 prompt tokens of which
        // 20,000 cached, 30,000 completion tokens of which 5,000 reasoning (o3: 800 and 200)
        return FakeUpstream.start((ex, r) -> {
            String model = (String) JsonReader.parseObject(r.bodyText()).get("model");
            String usage = model.equals("gpt-5")
                    ? "{\"prompt_tokens\":120000,\"completion_tokens\":30000,\"total_tokens\":150000,"
                            + "\"prompt_tokens_details\":{\"cached_tokens\":20000},\"completion_tokens_details\":{\"reasoning_tokens\":5000}}"
                    : "{\"prompt_tokens\":800,\"completion_tokens\":200,\"total_tokens\":1000}";
            FakeUpstream.reply(ex, 200, "application/json", "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"" + model
                    + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"hi\"},\"finish_reason\":\"stop\"}],"
                    + "\"usage\":" + usage + "}");
        });
    }

    @Override
    String configText(String upstreamUrl) {
        return """
                providers:
                  - name: alpha
                    apiKeys: {main: %s}
                    services: [{type: codex, baseUrl: "%s/v1"}]
                users:
                  - name: alice
                    apiKey: %s
                    services: {codex: {providerName: alpha, providerKeyName: main}}
                    limits: {requestsPerMinute: 30}
                  - name: bob
                    apiKey: %s
                    services: {codex: {providerName: alpha, providerKeyName: main}}
                """.formatted(ADMIN_PROVIDER_KEY, upstreamUrl, ADMIN_ALICE_KEY, ADMIN_BOB_KEY) + LIMITS + PRICING;
    }

    /** One chat completion through the proxy; returns once the ledger holds it. */
    LedgerEntry ask(String key, String model) throws Exception {
        HttpResponse<String> r = piapi.post("/piapi/codex/chat/completions", key, "{\"model\":\"" + model + "\",\"messages\":[]}");
        assertEquals(200, r.statusCode(), r.body());
        return Ledgers.entry(piapi, GatewayHarness.requestId(r));
    }

    @Test
    void tokensAndCostOfProxiedRequestsShowOnTheDashboardAndInTheUsageView() throws Exception {
        LedgerEntry alice = ask(ADMIN_ALICE_KEY, "gpt-5");
        assertEquals(756_000_000L, alice.costNanos(), "(100,000 × $3 + 20,000 × $0.30 + 30,000 × $15) per million");
        ask(ADMIN_BOB_KEY, "o3");
        assertNotEquals(LocalDate.now(ZoneOffset.UTC), LocalDate.now(ZONE), "the test needs a day that is not UTC's");
        signIn();
        page.waitFor("the tokens card", "document.querySelector('#card-tokens .value')?.textContent === '151,000'");
        assertEquals("$0.7560 + 1 unpriced", page.text("#card-tokens .sub"), "bob's o3 has no price: left out, and said so");

        go("usage", "document.querySelector('#usage table') !== null");
        String today = LocalDate.now(ZONE).toString();
        page.waitFor("the last week ending on piapi's today", "document.querySelector('#usage-to').value === '" + today + "'");
        for (String group : List.of("service", "model")) page.click("form.filters input[type=checkbox][value=" + group + "]");
        page.click("form.filters button.primary"); // Show
        page.waitFor("rows by user, service, model and day", "document.querySelector('#usage thead')?.textContent.startsWith('userservicemodelday')");
        assertEquals(List.of("alice", "codex", "gpt-5", today, "1", "120,000", "20,000", "0", "30,000", "5,000", "$0.7560"), cells("alice"));
        assertEquals(List.of("bob", "codex", "o3", today, "1", "800", "0", "0", "200", "0", "unpriced"), cells("bob"));
        assertEquals(List.of("total", "", "", "", "2", "120,800", "20,000", "0", "30,200", "5,000", "$0.7560 + 1 unpriced"), cells("total"));
        assertTrue(page.text("#usage").contains("1 request had no price"), page.text("#usage"));
        shot("usage");
        tokenOnlyInSessionStorage();
        noProblems();
    }

    @Test
    void theCsvDownloadCarriesTheTokenInAHeaderNeverInAUrl() throws Exception {
        ask(ADMIN_ALICE_KEY, "gpt-5");
        signIn();
        String today = LocalDate.now(ZONE).toString();
        go("usage", "document.querySelector('#usage-to').value === '" + today + "' && document.querySelector('#usage table') !== null");
        Path downloads = Path.of("build", "downloads", "usage-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        page.allowDownloads(downloads);
        page.click("#usage-csv");
        Path csv = downloads.resolve("piapi-usage-" + page.eval("document.querySelector('#usage-from').value") + "-" + today + ".csv");
        Await.until("the CSV download", Duration.ofSeconds(20), () -> csv.toFile().length() > 0);
        List<String> lines = Files.readAllLines(csv);
        assertEquals("user,day,requests,input_tokens,cache_read_tokens,cache_write_5m_tokens,cache_write_1h_tokens,output_tokens,"
                + "reasoning_tokens,web_searches,cost_usd,unpriced_requests,unknown_usage_requests,partial_requests,count_tokens_requests", lines.get(0));
        assertEquals("alice," + today + ",1,120000,20000,0,0,30000,5000,0,0.756,0,0,0,0", lines.get(1));

        Page.Request download = page.requests().stream().filter(r -> r.url().contains("format=csv")).findFirst().orElse(null);
        assertNotNull(download, "the CSV was fetched: " + page.requestedUrls());
        assertEquals("Bearer " + ADMIN_TOKEN, download.header("Authorization"), "the token goes in a header");
        assertFalse(download.url().contains(ADMIN_TOKEN), download.url());
        tokenOnlyInSessionStorage();
        noProblems();
    }

    @Test
    void eachUsersLimitsShowWhatIsUsedWhatRemainsAndWhenItResets() throws Exception {
        ask(ADMIN_ALICE_KEY, "gpt-5");
        ask(ADMIN_BOB_KEY, "o3");
        signIn();
        go("usage", "document.querySelector('#limits [data-user=\"bob\"]') !== null");
        String alice = "#limits [data-user=\"alice\"]";
        page.click("#limits-refresh");
        page.waitFor("alice's tokens today", "document.querySelector('" + jsSelector(alice) + " [data-limit=\"tokens_per_day\"]')?.textContent"
                + ".includes('150,000')");
        assertEquals(List.of("tokens per day", "user", "150,000", "1,000,000", "850,000"), limitCells(alice, "tokens_per_day").subList(0, 5));
        assertEquals(List.of("cost per day", "user", "$0.7560", "$20.00", "$19.24"), limitCells(alice, "cost_per_day").subList(0, 5));
        assertEquals("30", limitCells(alice, "requests_per_minute").get(3), "alice's own rate over the default of 60");
        assertEquals("60", limitCells("#limits [data-user=\"bob\"]", "requests_per_minute").get(3));
        assertEquals(List.of("tokens per day", "user", "1,000", "1,000,000", "999,000"),
                limitCells("#limits [data-user=\"bob\"]", "tokens_per_day").subList(0, 5));
        String resets = limitCells(alice, "tokens_per_day").get(5);
        assertTrue(resets.matches("in \\d+ (s|min|h \\d+ min)"), "the day resets at midnight there: " + resets);
        String totals = page.text(alice + " .totals");
        assertTrue(totals.startsWith("today (" + LocalDate.now(ZONE) + "): 1 request, 150,000 tokens, $0.7560"), totals);

        Map<String, Object> api = JsonReader.parseObject(admin.call("GET", "/limits", null).body());
        assertEquals(ZONE.getId(), api.get("timezone"));
        assertTrue(page.text("#limits-updated").startsWith("days in " + ZONE.getId()), page.text("#limits-updated"));
        shot("usage-limits");
        noProblems();
    }

    private List<?> cells(String first) {
        return (List<?>) page.eval("[...document.querySelectorAll('#usage tbody tr')].map(r => [...r.children].map(c => c.textContent))"
                + ".find(c => c[0] === " + jsString(first) + ")");
    }

    @SuppressWarnings("unchecked")
    private List<String> limitCells(String user, String limit) {
        return (List<String>) page.eval("[...document.querySelectorAll('" + jsSelector(user) + " [data-limit=\"" + limit + "\"] td')].map(c => c.textContent)");
    }

    private static String jsSelector(String css) {
        return css.replace("'", "\\'");
    }
}

package piapi.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import piapi.admin.SetupSnippets;
import piapi.config.Candidate;
import piapi.config.ConfigLoader;
import piapi.config.GatewayConfig;
import piapi.config.ParsedConfig;
import piapi.config.Route;
import piapi.config.Strategy;
import piapi.config.User;
import piapi.usage.Pricing;
import piapi.usage.Usage;

/** The demo config: valid for the ordinary loader, three different routes, and failover that covers the flaky provider. */
class DemoConfigTest {
    private static final DemoConfig DEMO = DemoConfig.generate("http://127.0.0.1:41001", "http://127.0.0.1:41002", new Random(7));

    private static GatewayConfig load(DemoConfig demo) {
        ParsedConfig parsed = new ConfigLoader(Map.of()).parse(demo.yaml().getBytes(StandardCharsets.UTF_8), "demo.yaml");
        assertEquals(List.of(), parsed.problems(), "the demo config loads without an error or a warning");
        return assertInstanceOf(ParsedConfig.Loaded.class, parsed).config();
    }

    @Test
    void twoProvidersServeEachServiceWithTheAuthItsProtocolUses() {
        GatewayConfig config = load(DEMO);
        assertEquals(List.of("demo-steady", "demo-flaky"), config.providers().stream().map(p -> p.name()).toList());
        assertEquals("http://127.0.0.1:41001", config.provider("demo-steady").service("claude_code").baseUrl());
        assertEquals("http://127.0.0.1:41002/v1", config.provider("demo-flaky").service("codex").baseUrl());
        assertEquals("x-api-key", config.provider("demo-flaky").service("claude_code").auth().name());
        assertEquals("Authorization", config.provider("demo-steady").service("openai").auth().name());
        for (User user : config.users()) {
            List<SetupSnippets.Service> derived = SetupSnippets.servicesOf(user, config);
            assertEquals(DemoBanner.services().stream().map(s -> new SetupSnippets.Service(s.type(), s.protocol(), s.pathPrefix(), null)).toList(),
                    derived, "the snippet rules read the demo's services as the banner shows them");
        }
    }

    @Test
    void threeUsersWithDifferentStrategies() {
        GatewayConfig config = load(DEMO);
        assertEquals(List.of("alice", "bob", "carol"), config.users().stream().map(User::name).toList());
        Map<String, Set<Strategy>> strategies = config.users().stream().collect(Collectors.toMap(User::name,
                u -> u.services().values().stream().map(Route::strategy).collect(Collectors.toSet())));
        assertEquals(Set.of(Strategy.ROUND_ROBIN), strategies.get("alice"));
        assertTrue(config.users().get(0).services().values().stream().allMatch(r -> r.candidates().size() == 1), "alice: one upstream each");
        assertEquals(Set.of(Strategy.WEIGHTED_RR), strategies.get("bob"));
        assertEquals(Set.of(Strategy.STICKY_HEALTHY, Strategy.ADAPTIVE_RR), strategies.get("carol"));
        for (User u : config.users()) assertEquals(DemoConfig.SERVICES, List.copyOf(u.services().keySet()));
    }

    @Test
    void everyRouteThroughTheFlakyProviderHasASteadyAlternativeAndFailoverCoversItsAnswers() {
        GatewayConfig config = load(DEMO);
        int flakyRoutes = 0;
        for (User u : config.users()) {
            for (Route r : u.services().values()) {
                List<String> providers = r.candidates().stream().filter(Candidate::enabled).map(Candidate::providerName).toList();
                if (!providers.contains("demo-flaky")) continue;
                flakyRoutes++;
                assertTrue(providers.contains("demo-steady"), u.name() + " has no steady alternative: " + providers);
            }
        }
        assertEquals(6, flakyRoutes, "bob's and carol's routes use demo-flaky");
        var routing = config.settings().routing();
        assertTrue(routing.maxAttempts() >= 2);
        for (int status : new int[] {429, 503, 529}) assertTrue(routing.retryOn().status(status), "failover on " + status);
        assertTrue(routing.maxCooldown().getSeconds() <= 60, "a cooling key is back within a minute");
    }

    @Test
    void everyModelTheDemoListsIsPricedForEveryKindOfTokenTheDemoReports() {
        Pricing pricing = load(DEMO).settings().pricing();
        // what the demo reports: Anthropic caches reads and both kinds of writes; OpenAI reads and reasons
        Usage anthropic = new Usage(1000, 200, 100, 100, 500, 0, 0);
        Usage openAi = new Usage(1000, 512, 0, 0, 524, DemoUsage.REASONING_TOKENS, 0);
        List<String> models = new ArrayList<>(ModelCatalog.ids());
        for (SetupSnippets.Service s : DemoBanner.services()) models.add(s.model());
        for (String model : models) {
            long cost = pricing.cost(model, model.startsWith("claude-") ? anthropic : openAi);
            assertTrue(cost > 0, model + " costs " + cost);
        }
        // 600 uncached input at $3/M, 200 cache reads at $0.30, 100 5-minute writes at $3.75, 100 1-hour writes at $6, 500 output at $15
        assertEquals(1_800_000 + 60_000 + 375_000 + 600_000 + 7_500_000, pricing.cost("claude-sonnet-4-5-20250929", anthropic));
    }

    @Test
    void userKeysAreFreshAndLongAndNeverInToString() {
        DemoConfig other = DemoConfig.generate("http://a", "http://b");
        for (DemoConfig.DemoUser u : DEMO.users()) {
            assertTrue(u.key().matches("pk-demo-" + u.name() + "-[0-9a-f]{24}"), u.key());
            assertNotEquals(u.key(), other.user(u.name()).key());
            assertTrue(!u.toString().contains(u.key()));
        }
    }
}

package piapi.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import piapi.http.JsonReader;

/**
 * The flaky provider's failures show in /piadmin/api/routes after a burst of ordinary traffic, and no
 * demo user sees one of them: failover answers every call from demo-steady instead.
 */
class DemoFailoverTest {
    private static final Map<String, String> PATHS = Map.of(
            "claude_code", "/piapi/claude_code/v1/messages",
            "codex", "/piapi/codex/responses",
            "openai", "/piapi/openai/chat/completions");

    private static String body(String service, boolean stream) {
        return switch (service) {
            case "claude_code" -> "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,\"stream\":" + stream
                    + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";
            case "codex" -> "{\"model\":\"gpt-5-codex\",\"stream\":" + stream + ",\"input\":\"Hello\"}";
            default -> "{\"model\":\"gpt-4.1\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";
        };
    }

    /** Whether the body is a whole answer: a JSON object with an id, or a stream that reached its last event. */
    private static boolean complete(String service, boolean stream, String body) {
        try {
            if (!stream) return JsonReader.parseObject(body).get("id") instanceof String;
            List<Sse> events = Sse.parse(body);
            Sse last = events.get(events.size() - 1);
            return switch (service) {
                case "claude_code" -> "message_stop".equals(last.event());
                case "codex" -> "response.completed".equals(last.event());
                default -> "[DONE]".equals(last.data());
            };
        } catch (piapi.http.JsonException | RuntimeException e) {
            return false;
        }
    }

    @Test
    void aBurstShowsTheFlakyKeyFailingInRoutesWhileEveryCallSucceeds() throws Exception {
        try (DemoGateway demo = new DemoGateway()) {
            List<String> problems = new ArrayList<>();
            int calls = 0;
            for (int round = 0; round < 6; round++) {
                for (String user : List.of("alice", "bob", "carol")) {
                    for (String service : DemoConfig.SERVICES) {
                        boolean stream = round % 2 == 1;
                        HttpResponse<String> r = demo.post(user, PATHS.get(service), body(service, stream));
                        calls++;
                        if (r.statusCode() != 200 || !complete(service, stream, r.body())) {
                            problems.add(user + " " + service + " stream=" + stream + ": " + r.statusCode() + " " + r.body());
                        }
                    }
                }
            }
            assertEquals(List.of(), problems, "no demo user sees an error");
            assertTrue(demo.session.flaky().failures() > 0, "demo-flaky failed some of its " + demo.session.flaky().calls() + " calls");
            assertEquals(calls, demo.session.steady().calls() + demo.session.flaky().calls() - demo.session.flaky().failures(),
                    "every call was answered once, each failure retried elsewhere");

            HttpResponse<String> routes = demo.admin("/piadmin/api/routes");
            assertEquals(200, routes.statusCode(), routes.body());
            Map<String, Object> flakyCandidate = null;
            for (Object route : (List<?>) JsonReader.parseObject(routes.body()).get("routes")) {
                for (Object c : (List<?>) DemoAnthropicTest.cast(route).get("candidates")) {
                    Map<String, Object> candidate = DemoAnthropicTest.cast(c);
                    if (candidate.get("provider").equals("demo-flaky") && (Long) candidate.get("errors") > 0) flakyCandidate = candidate;
                }
            }
            assertTrue(flakyCandidate != null, "a demo-flaky candidate shows errors: " + routes.body());
            String lastError = (String) flakyCandidate.get("last_error");
            assertTrue(lastError.matches("upstream status (429|503|529)"), lastError);
            assertTrue(flakyCandidate.get("last_error_at") != null);

            Map<String, Object> failover = demo.log.await("an upstream_failover event", l -> "upstream_failover".equals(l.get("event")));
            assertEquals("demo-flaky", failover.get("provider"));
            assertEquals("demo-steady", failover.get("next_provider"));
            assertTrue(demo.gateway.metrics().render().lines()
                    .anyMatch(l -> l.startsWith("piapi_upstream_failovers_total{") && l.contains("provider=\"demo-flaky\"")));
        }
    }
}

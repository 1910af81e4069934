package piapi.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static piapi.config.ConfigTestSupport.assertLoads;
import static piapi.config.ConfigTestSupport.assertProblems;
import static piapi.config.ConfigTestSupport.userRoute;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One user's route for one service type, in both forms: legacy {@code providerName/providerKeyName}
 * and aggregated {@code strategy + candidates}. Every route starts at line 17, column 7 (see
 * {@link ConfigTestSupport#userRoute}); provider alpha has keys k1-k3 and services codex and
 * claude_code, provider beta has key k1 and service other.
 */
class ConfigBinderRoutesTest {
    private static final String WEIGHT_RULE = "weight must be a whole number >= 1 (use enabled: false to take a candidate out)";

    /** A weighted route whose one candidate alpha/k1 has {@code extra} after its key, on line 20 from column 54. */
    private static String candidate(String extra) {
        return userRoute("codex:\n  strategy: weighted_rr\n  candidates:\n    - {providerName: alpha, providerKeyName: k1, " + extra + "}");
    }

    private static Route route(GatewayConfig config, String type) {
        return config.users().get(0).services().get(type);
    }

    @Test
    void everyAggregatedCandidateIsCheckedInOrder() {
        assertProblems(userRoute("""
                codex:
                  strategy: weighted_rr
                  candidates:
                    - providerKeyName: k1
                    - {providerName: gamma, providerKeyName: k1}
                    - {providerName: alpha}
                    - {providerName: alpha, providerKeyName: k9}
                    - {providerName: beta, providerKeyName: k1}
                """),
                "config.yaml:20:13: users[0].services.codex.candidates[0].providerName: providerName is required",
                "config.yaml:21:28: users[0].services.codex.candidates[1].providerName: provider 'gamma' not defined",
                "config.yaml:22:13: users[0].services.codex.candidates[2].providerKeyName: providerKeyName is required",
                "config.yaml:23:52: users[0].services.codex.candidates[3].providerKeyName: provider key 'k9' missing for provider 'alpha'",
                "config.yaml:24:28: users[0].services.codex.candidates[4]: provider 'beta' does not expose service 'codex'");
    }

    @Test
    void legacyProviderNameIsRequired() {
        assertProblems(userRoute("codex: {providerKeyName: k1}"),
                "config.yaml:17:14: users[0].services.codex.providerName: providerName is required");
    }

    @Test
    void legacyProviderMustBeDefined() {
        assertProblems(userRoute("codex: {providerName: gamma, providerKeyName: k1}"),
                "config.yaml:17:29: users[0].services.codex.providerName: provider 'gamma' not defined");
    }

    @Test
    void legacyProviderKeyNameIsRequired() {
        assertProblems(userRoute("codex: {providerName: alpha, providerKeyName: \" \"}"),
                "config.yaml:17:14: users[0].services.codex.providerKeyName: providerKeyName is required");
    }

    @Test
    void legacyProviderKeyMustExist() {
        assertProblems(userRoute("codex: {providerName: alpha, providerKeyName: k9}"),
                "config.yaml:17:53: users[0].services.codex.providerKeyName: provider key 'k9' missing for provider 'alpha'");
    }

    @Test
    void legacyProviderMustExposeTheService() {
        assertProblems(userRoute("other: {providerName: alpha, providerKeyName: k1}"),
                "config.yaml:17:29: users[0].services.other: provider 'alpha' does not expose service 'other'");
    }

    @Test
    void aLegacyRouteIsOneRoundRobinCandidateWithWeightOneEnabled() {
        Route route = route(assertLoads(userRoute("codex: {providerName: alpha, providerKeyName: k2}")), "codex");
        assertEquals(new Route(Strategy.ROUND_ROBIN, List.of(new Candidate("alpha", "k2", 1, true, List.of())), true), route);
    }

    @Test
    void candidatesMustNotBeEmptyWhenAStrategyIsGiven() {
        assertProblems(userRoute("codex: {strategy: round_robin}"),
                "config.yaml:17:14: users[0].services.codex: candidates must not be empty when strategy provided");
        assertProblems(userRoute("codex: {strategy: sticky_healthy, candidates: [], providerName: alpha}"),
                "config.yaml:17:14: users[0].services.codex: candidates must not be empty when strategy provided",
                "config.yaml:17:71: warning: users[0].services.codex.providerName: ignored because this route lists candidates");
    }

    @Test
    void unsupportedStrategyIsShownTrimmedAndLowercased() {
        assertProblems(userRoute("""
                codex:
                  strategy: " Random_RR "
                  candidates: [{providerName: alpha, providerKeyName: k1}]
                """),
                "config.yaml:18:19: users[0].services.codex.strategy: unsupported strategy 'random_rr'"
                        + " (use round_robin, weighted_rr, adaptive_rr or sticky_healthy)");
    }

    @ParameterizedTest
    @CsvSource({"round_robin, ROUND_ROBIN", "Weighted_RR, WEIGHTED_RR", "ADAPTIVE_RR, ADAPTIVE_RR", "sticky_healthy, STICKY_HEALTHY",
            "'\"\"', ROUND_ROBIN"})
    void strategyNamesAreCaseInsensitiveAndEmptyMeansRoundRobin(String written, Strategy expected) {
        Route route = route(assertLoads(userRoute("codex: {strategy: " + written + ", candidates: [{providerName: alpha, providerKeyName: k1}]}")),
                "codex");
        assertEquals(expected, route.strategy());
        assertEquals(false, route.legacy());
    }

    @Test
    void candidatesWithoutAStrategyAreRoundRobin() {
        Route route = route(assertLoads(userRoute("codex: {candidates: [{providerName: alpha, providerKeyName: k1}]}")), "codex");
        assertEquals(new Route(Strategy.ROUND_ROBIN, List.of(new Candidate("alpha", "k1", 1, true, List.of())), false), route);
    }

    @Test
    void aggregatedCandidatesKeepWeightEnabledAndTags() {
        Route route = route(assertLoads(userRoute("""
                codex:
                  strategy: weighted_rr
                  candidates:
                    - {providerName: alpha, providerKeyName: k1, weight: 3, tags: [primary, " eu ", "", ~]}
                    - {providerName: alpha, providerKeyName: k2, enabled: false, weight: ~}
                    - providerName: alpha
                      providerKeyName: k3
                      tags:
                        - backup
                """)), "codex");
        assertEquals(new Route(Strategy.WEIGHTED_RR, List.of(
                new Candidate("alpha", "k1", 3, true, List.of("primary", "eu")),
                new Candidate("alpha", "k2", 1, false, List.of()),
                new Candidate("alpha", "k3", 1, true, List.of("backup"))), false), route);
    }

    @ParameterizedTest
    @ValueSource(strings = {"'3'", "\"3\"", "2.5", "0", "-1", "abc", "1e3", "0x10", "99999999999"})
    void weightMustBeAWholeNumberOfAtLeastOne(String weight) {
        assertProblems(candidate("weight: " + weight), "config.yaml:20:64: users[0].services.codex.candidates[0].weight: " + WEIGHT_RULE);
    }

    @ParameterizedTest
    @CsvSource({"true, true", "false, false", "yes, true", "no, false", "on, true", "off, false",
            "TRUE, true", "False, false", "YES, true", "No, false", "On, true", "OFF, false", "yEs, true", "oFf, false"})
    void enabledAcceptsYaml11Booleans(String written, boolean expected) {
        Route route = route(assertLoads(userRoute("codex:\n  candidates:\n    - {providerName: alpha, providerKeyName: k1, enabled: "
                + written + "}\n    - {providerName: alpha, providerKeyName: k2}")), "codex");
        assertEquals(expected, route.candidates().get(0).enabled());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"true\"", "'no'", "maybe", "1", "[true]"})
    void enabledRejectsQuotedAndOtherValues(String written) {
        assertProblems(candidate("enabled: " + written),
                "config.yaml:20:65: users[0].services.codex.candidates[0].enabled: must be true or false (yes/no and on/off also work)");
    }

    @Test
    void tagsMustBeAList() {
        assertProblems(candidate("tags: solo"),
                "config.yaml:20:62: users[0].services.codex.candidates[0].tags: tags must be a list, e.g. [primary]");
        assertProblems(candidate("tags: {a: b}"),
                "config.yaml:20:62: users[0].services.codex.candidates[0].tags: must be a list (lines starting with '- '), not a mapping");
        assertProblems(candidate("tags: [a, [b]]"),
                "config.yaml:20:66: users[0].services.codex.candidates[0].tags: each tag must be a single value");
    }

    @Test
    void theSameCandidateTwiceInARouteIsAnError() {
        assertProblems(userRoute("""
                codex:
                  candidates:
                    - {providerName: alpha, providerKeyName: k1}
                    - {providerName: " alpha", providerKeyName: "k1 "}
                """),
                "config.yaml:20:13: users[0].services.codex.candidates[1]: candidate alpha/k1 is listed twice in this route");
    }

    @Test
    void aRouteWhoseCandidatesAreAllDisabledLoadsWithAWarning() {
        Route route = route(assertLoads(userRoute("""
                codex:
                  candidates:
                    - {providerName: alpha, providerKeyName: k1, enabled: false}
                    - {providerName: alpha, providerKeyName: k2, enabled: off}
                """),
                "config.yaml:14:3: warning: users: no user can reach any service: every candidate of every route is disabled; "
                        + "every request will be refused with 503",
                "config.yaml:18:9: warning: users[0].services.codex: every candidate is disabled: requests for 'codex' will get 503"), "codex");
        assertEquals(List.of(false, false), route.candidates().stream().map(Candidate::enabled).toList());
    }

    @Test
    void legacyFieldsBesideCandidatesWarnAndAreNotChecked() {
        Route route = route(assertLoads(userRoute("""
                codex:
                  providerName: beta
                  providerKeyName: nope
                  candidates: [{providerName: alpha, providerKeyName: k1}]
                """),
                "config.yaml:18:23: warning: users[0].services.codex.providerName: ignored because this route lists candidates",
                "config.yaml:19:26: warning: users[0].services.codex.providerKeyName: ignored because this route lists candidates"),
                "codex");
        assertEquals(List.of(new CandidateId("alpha", "k1")), route.candidates().stream().map(Candidate::id).toList());
    }

    @Test
    void unknownRouteAndCandidateKeysWarnWithASuggestion() {
        assertLoads(userRoute("""
                codex:
                  stratgy: weighted_rr
                  candidates:
                    - {providerName: alpha, providerKeyName: k1, weigth: 2}
                claude_code:
                  providerName: alpha
                  providerKeyName: k1
                  providerKeyNmae: k2
                """),
                "config.yaml:18:9: warning: users[0].services.codex.stratgy: unknown key, ignored (did you mean 'strategy'?)",
                "config.yaml:20:56: warning: users[0].services.codex.candidates[0].weigth: unknown key, ignored (did you mean 'weight'?)",
                "config.yaml:24:9: warning: users[0].services.claude_code.providerKeyNmae: unknown key, ignored (did you mean 'providerKeyName'?)");
    }

    @Test
    void wrongTypesAreReportedOnceWhereTheyAre() {
        assertProblems(userRoute("""
                codex:
                  candidates: {providerName: alpha}
                claude_code:
                  candidates:
                    - alpha/k1
                    - {providerName: alpha, providerKeyName: k1}
                """),
                "config.yaml:18:21: users[0].services.codex.candidates: must be a list (lines starting with '- '), not a mapping",
                "config.yaml:21:13: users[0].services.claude_code.candidates[0]: must be a mapping (key: value lines), not a single value");
    }
}

package piapi.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Secret}, the records that hold secrets, and finding a user by key in a {@link ConfigSnapshot}. */
class SecretTest {
    private static final String LONG = "sk-proj-abcdefghijklmnopqrstuvwxyz0123";

    private static ConfigSnapshot snapshot() {
        ParsedConfig.Loaded loaded = (ParsedConfig.Loaded) new ConfigLoader(Map.of())
                .parse(GoExampleConfigTest.EXAMPLE.getBytes(StandardCharsets.UTF_8), "config.yaml");
        return new ConfigHolder(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC)).publish(loaded, null);
    }

    /** How many characters of {@code key} a masked form shows. */
    private static int shownCharacters(String masked) {
        return masked.equals("***") ? 0 : masked.replace("…", "").length();
    }

    @Test
    void aSecretPrintsAsStarsAndRevealsOnlyOnRequest() {
        Secret s = Secret.of(LONG);
        assertEquals("***", s.toString());
        assertEquals("[***]", List.of(s).toString());
        assertEquals(LONG, s.reveal());
        assertThrows(IllegalArgumentException.class, () -> Secret.of(""));
        assertThrows(IllegalArgumentException.class, () -> Secret.of(null));
    }

    @Test
    void maskedFormsShowTheLastFourOfLongKeysAndNothingOfShortOnes() {
        assertEquals("…0123", Secret.of(LONG).masked());
        assertEquals("…qrst", Secret.of("abcdefghijklmnopqrst").masked(), "20 characters shows its last 4");
        assertEquals("***", Secret.of("abcdefghijklmnopqrs").masked(), "19 characters shows nothing");
        assertEquals("***", Secret.of("abcdefghijklmnop").masked(), "16 characters (a key the old mask showed 7 of) shows nothing");
        assertEquals("***", Secret.of("k").masked());
        assertEquals("***", Secret.mask(null));
    }

    @Test
    void aMaskedFormNeverShowsMoreThanTheLastFourCharactersNorAnythingUnderTwenty() {
        StringBuilder key = new StringBuilder();
        for (int n = 1; n <= 80; n++) {
            key.append((char) ('a' + n % 26));
            String k = key.toString();
            String masked = Secret.of(k).masked();
            assertTrue(shownCharacters(masked) <= 4, () -> k + " -> " + masked);
            if (k.length() < 20) assertEquals("***", masked, k);
            else assertEquals("…" + k.substring(k.length() - 4), masked, "only the end, never the start");
        }
    }

    @Test
    void theFingerprintIsTheFirstTwelveHexDigitsOfTheSha256() throws Exception {
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(LONG.getBytes(StandardCharsets.UTF_8)))
                .substring(0, 12);
        assertEquals(expected, Secret.of(LONG).fingerprint());
        assertEquals(Secret.of(LONG).fingerprint(), Secret.of(LONG).fingerprint(), "stable");
        assertTrue(Secret.of("x").fingerprint().matches("[0-9a-f]{12}"));
        assertNotEquals(Secret.of(LONG).fingerprint(), Secret.of(LONG + "4").fingerprint());
    }

    @Test
    void secretsAreEqualByValue() {
        assertEquals(Secret.of("sk-same"), Secret.of("sk-same"));
        assertEquals(Secret.of("sk-same").hashCode(), Secret.of("sk-same").hashCode());
        assertEquals(Secret.of("sk-same").digestKey(), Secret.of("sk-same").digestKey());
        assertNotEquals(Secret.of("sk-same"), Secret.of("sk-Same"));
        assertNotEquals(Secret.of("sk-same"), Secret.of("sk-same "));
        assertFalse(Secret.of("sk-same").equals("sk-same"));
    }

    @Test
    void matchesComparesWithAPresentedValue() {
        Secret s = Secret.of("piapi-key");
        assertTrue(s.matches("piapi-key"));
        assertFalse(s.matches("PIAPI-KEY"));
        assertFalse(s.matches("piapi-key "));
        assertFalse(s.matches(""));
        assertFalse(s.matches(null));
    }

    @Test
    void aUserIsFoundByTheirExactKeyOnly() {
        ConfigSnapshot snapshot = snapshot();
        ResolvedUser bob = snapshot.user("piapi-user-bob");
        assertNotNull(bob);
        assertEquals("Bob", bob.name());
        assertEquals(List.of("codex"), List.copyOf(bob.routes().keySet()));
        assertEquals("Alice", snapshot.user("piapi-user-alice").name());
        for (String near : List.of("PIAPI-USER-BOB", "piapi-user-Bob", "piapi-user-bob ", " piapi-user-bob", "piapi-user-bobx",
                "piapi-user-bo", "", "piapi-user-dave")) {
            assertNull(snapshot.user(near), () -> "'" + near + "'");
        }
    }

    @Test
    void resolvedRoutesCarryTheUpstreamsButNoKeyInTheirStateKey() {
        ConfigSnapshot snapshot = snapshot();
        ResolvedRoute route = snapshot.user("piapi-user-alice").routes().get("codex");
        assertEquals("Alice", route.userName());
        assertEquals("codex", route.serviceType());
        assertEquals(Strategy.ROUND_ROBIN, route.strategy());
        assertEquals(new CandidateId("provider-alpha", "main-key"), route.upstreams().get(0).id());
        assertSame(snapshot.config().provider("provider-alpha").apiKeys().get("main-key"), route.upstreams().get(0).key());
        assertTrue(route.stateKey().matches("[0-9a-f]{16}/codex"), route.stateKey());
        assertFalse(route.stateKey().contains("alice"));
        assertEquals(1, snapshot.generation());
        assertEquals(Instant.EPOCH, snapshot.loadedAt());
    }

    @Test
    void recordsHoldingSecretsDoNotPrintThem() {
        ConfigSnapshot snapshot = snapshot();
        ResolvedUser alice = snapshot.user("piapi-user-alice");
        ResolvedCandidate upstream = alice.routes().get("codex").upstreams().get(0);
        User user = snapshot.config().users().get(0);
        assertEquals("ResolvedUser[Alice]", alice.toString());
        assertEquals("ResolvedCandidate[provider-alpha/main-key codex]", upstream.toString());
        for (Object holder : List.of(alice, upstream, user, alice.routes(), snapshot.config().providers().get(0), snapshot.config())) {
            String printed = holder.toString();
            for (String key : List.of("piapi-user-alice", "sk-alpha-xxx", "sk-alpha-backup", "sk-beta-yyy", "piapi-user-bob")) {
                assertFalse(printed.contains(key), () -> holder.getClass().getSimpleName() + " prints " + key + ": " + printed);
            }
        }
        assertTrue(user.toString().contains("apiKey=***"), user::toString);
    }
}

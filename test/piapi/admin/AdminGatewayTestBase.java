package piapi.admin;

import static piapi.support.TestConfig.ADMIN_TOKEN;
import static piapi.support.TestConfig.adminConfig;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import piapi.support.FakeUpstream;
import piapi.support.GatewayHarness;
import piapi.support.TestConfig;

/** A fresh gateway per test with the admin API on, {@link TestConfig#adminConfig} live and a fake upstream behind it. */
abstract class AdminGatewayTestBase {
    FakeUpstream upstream;
    GatewayHarness piapi;
    /** The config text the gateway started with. */
    String original;

    @BeforeEach
    void startGateway() throws Exception {
        upstream = startUpstream();
        original = configText(upstream.url());
        piapi = GatewayHarness.start(original, Map.of("PIAPI_ADMIN_TOKEN", ADMIN_TOKEN));
    }

    /** The fake upstream behind the gateway; by default every request gets {@code 200 {"ok":true}}. */
    FakeUpstream startUpstream() throws Exception {
        return FakeUpstream.json(200, "{\"ok\":true}");
    }

    /** The config the gateway starts with; by default {@link TestConfig#adminConfig} with alice first. */
    String configText(String upstreamUrl) {
        return adminConfig(upstreamUrl, "alice").yaml();
    }

    @AfterEach
    void stopGateway() throws Exception {
        piapi.close();
        upstream.close();
    }
}

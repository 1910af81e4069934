package piapi.admin;

import static piapi.admin.AdminConfigs.TOKEN;
import static piapi.admin.AdminConfigs.config;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import piapi.support.FakeUpstream;
import piapi.support.GatewayHarness;

/** A fresh gateway per test with the admin API on, {@link AdminConfigs#config} live and a fake upstream behind it. */
abstract class AdminGatewayTestBase {
    FakeUpstream upstream;
    GatewayHarness piapi;
    /** The config text the gateway started with. */
    String original;

    @BeforeEach
    void startGateway() throws Exception {
        upstream = FakeUpstream.json(200, "{\"ok\":true}");
        original = config(upstream.url(), "alice");
        piapi = GatewayHarness.start(original, Map.of("PIAPI_ADMIN_TOKEN", TOKEN));
    }

    @AfterEach
    void stopGateway() throws Exception {
        piapi.close();
        upstream.close();
    }
}

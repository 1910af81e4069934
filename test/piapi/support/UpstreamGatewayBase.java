package piapi.support;

import org.junit.jupiter.api.AfterEach;

/**
 * For a test class whose tests each start a real gateway in front of a {@link FakeUpstream} (each test its own,
 * configured as it needs): whatever a test started is stopped after it, the gateway first, so no request of its
 * is left waiting on an upstream that is gone. A subclass's own {@code @AfterEach} methods run before this one.
 */
public abstract class UpstreamGatewayBase {
    protected FakeUpstream upstream;
    protected GatewayHarness piapi;

    @AfterEach
    protected final void stopGatewayAndUpstream() throws Exception {
        if (piapi != null) piapi.close();
        if (upstream != null) upstream.close();
    }
}

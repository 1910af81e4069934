package piapi.server;

import java.net.http.HttpHeaders;
import piapi.proxy.RelayTap;
import piapi.proxy.RelayTaps;
import piapi.usage.UsageMeter;

/**
 * The relay tap that shows a proxied answer to its request's usage meter as it goes to the client: the
 * status and headers, each chunk once written, and the end with the relay's verdict (a client that left or
 * an upstream that broke off leaves a partial reading). Requests admission did not send upstream have no meter
 * and get no tap. The record stage reads the meter when the request ends.
 */
public final class UsageTap implements RelayTap {
    private final UsageMeter meter;

    private UsageTap(UsageMeter meter) {
        this.meter = meter;
    }

    /** The source to register: {@code relayTaps.register("usage", UsageTap.SOURCE)}. */
    public static final RelayTaps.Source SOURCE = exchange -> exchange.meter() == null ? null : new UsageTap(exchange.meter());

    @Override
    public void begin(int status, HttpHeaders headers) {
        meter.begin(status, headers);
    }

    @Override
    public void chunk(byte[] buffer, int offset, int length) {
        meter.accept(buffer, offset, length);
    }

    @Override
    public void end(boolean complete) {
        meter.finish(complete);
    }
}

package piapi;

import java.security.NoSuchAlgorithmException;
import javax.net.ssl.SSLContext;

/**
 * Loads the JDK's default TLS context (its CA certificates) on a background thread as the gateway starts.
 * The upstream HttpClient needs it when it is built, for every upstream scheme, and building it costs a
 * quarter of a second of one core on a small host: started first, that work overlaps the config load and
 * the server start instead of delaying the first proxied answer. The JDK keeps the context once made.
 */
final class TlsWarmup {
    private TlsWarmup() {}

    static void begin() {
        Thread.ofPlatform().name("piapi-tls-warmup").daemon(true).start(TlsWarmup::load);
    }

    private static void load() {
        try {
            SSLContext.getDefault();
        } catch (NoSuchAlgorithmException | RuntimeException e) {
            // the client that needs it reports the problem when it is built
        }
    }
}

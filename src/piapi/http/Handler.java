package piapi.http;

/** Serves one surface (proxy, admin, metrics...) and says how the exchange ended. */
@FunctionalInterface
public interface Handler {
    Outcome handle(Exchange exchange);
}

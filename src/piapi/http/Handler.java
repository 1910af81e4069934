package piapi.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/** Serves one surface (proxy, admin, metrics...). The guard around it owns the record and the exchange's end. */
@FunctionalInterface
public interface Handler {
    void handle(HttpExchange exchange, RequestRecord record) throws IOException;
}

package piapi.server;

import java.io.IOException;
import java.io.InputStream;
import piapi.proxy.RequestBody;
import piapi.usage.RequestScan;

/**
 * Admission, once the body is read: the model the request asks for, from the top level of its JSON body (or
 * Gemini's path), for the model caps of the limits, the ledger and pricing. The scan skips nested values
 * without building them, so a body of megabytes costs one pass over its bytes and fixed memory; a body spilled
 * to a file is read from it. A body that is not JSON names no model; nothing here refuses a request.
 */
final class ModelScan implements AdmissionStage {
    @Override
    public Admission admit(ProxyCall call) {
        String model;
        try {
            model = scan(call).model();
        } catch (IOException | RuntimeException e) { // the scanner takes any bytes; a file or a bug must not cost the request
            model = null;
        }
        call.exchange().modelRequested(model);
        call.model(model);
        return Admission.ADMITTED;
    }

    private static RequestScan scan(ProxyCall call) throws IOException {
        String rest = call.path().rest();
        return switch (call.body()) {
            case RequestBody.InMemory m -> RequestScan.of(call.protocol(), rest, m.bytes(), 0, m.size());
            case RequestBody.InFile f -> {
                try (InputStream in = f.open()) {
                    yield RequestScan.of(call.protocol(), rest, in);
                }
            }
        };
    }
}

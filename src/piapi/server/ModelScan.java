package piapi.server;

import piapi.usage.RequestScan;

/**
 * Admission, once the body is read: the model the request asks for, from the top level of its JSON body (or
 * Gemini's path), for the model caps of the limits, the ledger and pricing. The scan skips nested values
 * without building them, so a body of megabytes costs one pass over its bytes and fixed memory. A body that
 * is not JSON names no model; nothing here refuses a request.
 */
final class ModelScan implements AdmissionStage {
    @Override
    public Admission admit(ProxyCall call) {
        String model;
        try {
            model = RequestScan.of(call.protocol(), call.path().rest(), call.body()).model();
        } catch (RuntimeException e) { // the scanner takes any bytes; a bug in it must not cost the request
            model = null;
        }
        call.exchange().modelRequested(model);
        call.model(model);
        return Admission.ADMITTED;
    }
}

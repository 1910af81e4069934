package piapi.server;

import piapi.limits.Admission.Admitted;
import piapi.limits.Admission.Refused;
import piapi.limits.Limiter;
import piapi.usage.UsageMeter;

/**
 * Admission's last stage: the caller's limits and quotas ({@link Limiter#admit}), which may wait up to the
 * user's {@code queueFor} for a concurrency slot. A refusal is a 429 with {@code Retry-After} in the caller's
 * protocol's error envelope ({@link CallerErrors#limit}). An admitted request holds its permit until it ends,
 * on every path (the call closes what it holds when the request is over), and gets the usage meter its answer
 * is read by as it is relayed. Token-counting calls pass without a check and hold nothing.
 *
 * <p>It runs after the body is read because model caps need the model the body asks for, and one decision
 * (quotas, rate, then a slot) keeps the checks atomic; a refused body was on its way anyway, and reading it
 * keeps the connection usable for the client's retry.
 */
final class LimitCheck implements AdmissionStage {
    private final Limiter limiter;

    LimitCheck(Limiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public Admission admit(ProxyCall call) {
        return switch (limiter.admit(call.user().name(), call.model(), call.protocol().countsTokensOnly())) {
            case Refused r -> CallerErrors.limit(call, r.refusal());
            case Admitted a -> {
                call.hold(a.permit());
                call.exchange().metered(new UsageMeter(call.protocol()), call.snapshot().settings().pricing());
                yield Admission.ADMITTED;
            }
        };
    }
}

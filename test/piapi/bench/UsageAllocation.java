package piapi.bench;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import piapi.usage.ModelPrice;
import piapi.usage.Pricing;
import piapi.usage.Protocol;
import piapi.usage.RequestScan;
import piapi.usage.TokenPrices;
import piapi.usage.UsageMeter;
import piapi.usage.UsageReading;

/**
 * Heap bytes the usage path allocates per request, exact (the JVM's per-thread allocation counter, not a timing,
 * so a busy machine does not blur it): the request scan of the benchmark's chat body, then a meter reading the
 * benchmark upstream's JSON answer, as a Chat Completions request through piapi does; then the pricing of that reading
 * as OpenAI names its answers' models (a dated snapshot of a model priced undated). Run after
 * {@code make test-classes}: {@code java -cp build/test-classes:build/piapi.jar piapi.bench.UsageAllocation}.
 */
public final class UsageAllocation {
    private static final byte[] REQUEST = "{\"model\":\"bench-model\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}],\"stream\":false}"
            .getBytes(StandardCharsets.UTF_8);
    private static final Pricing PRICING = Pricing.of(List.of(new ModelPrice("gpt-4o",
            new TokenPrices(1_000_000, 4_000_000, TokenPrices.NOT_PRICED, TokenPrices.NOT_PRICED, TokenPrices.NOT_PRICED),
            TokenPrices.NOT_PRICED, 0, null)));
    private static final String ANSWERED = "gpt-4o-2024-08-06";
    private static long sink;

    private UsageAllocation() {}

    public static void main(String[] args) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int n = 200_000;
        for (int round = 1; round <= 5; round++) { // the first rounds warm the JIT, whose escape analysis may remove some
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < n; i++) once();
            long scanAndMeter = threads.getCurrentThreadAllocatedBytes() - before;
            UsageReading reading = reading();
            before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < n; i++) sink += PRICING.cost(ANSWERED, reading.usage());
            long pricing = threads.getCurrentThreadAllocatedBytes() - before;
            System.out.printf("round %d: %.1f bytes allocated per request (request scan + meter of the answer), %.1f to price it%n", round,
                    (double) scanAndMeter / n, (double) pricing / n);
        }
        if (sink == 42) System.out.println();
    }

    private static UsageReading reading() {
        UsageMeter meter = new UsageMeter(Protocol.OPENAI_CHAT);
        meter.begin(200, "application/json", null);
        meter.accept(BenchUpstream.FIXED, 0, BenchUpstream.FIXED.length);
        return meter.finish(true);
    }

    private static void once() {
        RequestScan scan = RequestScan.of(Protocol.OPENAI_CHAT, "chat/completions", REQUEST);
        UsageMeter meter = new UsageMeter(Protocol.OPENAI_CHAT);
        meter.begin(200, "application/json", null);
        meter.accept(BenchUpstream.FIXED, 0, BenchUpstream.FIXED.length);
        sink += meter.finish(true).usage().output() + scan.model().length();
    }
}

package piapi.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The push body: demand only once a sink is attached, one batch at a time, and every way it can end. */
class UpstreamBodyTest {
    /** Records what the body asked of the upstream. */
    private static final class FakeSubscription implements Flow.Subscription {
        long requested;
        boolean cancelled;

        @Override
        public void request(long n) {
            requested += n;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    private static List<ByteBuffer> bytes(String s) {
        return List.of(ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII)).asReadOnlyBuffer());
    }

    @Test
    void asksForNothingUntilASinkIsAttachedThenOneBatchAtATime() {
        UpstreamBody body = new UpstreamBody();
        FakeSubscription s = new FakeSubscription();
        body.onSubscribe(s);
        assertEquals(0, s.requested, "no demand before the relay is ready: the upstream's bytes stay in the socket");
        List<String> seen = new ArrayList<>();
        body.start((b, n) -> seen.add(new String(b, 0, n, StandardCharsets.US_ASCII)));
        assertEquals(1, s.requested);
        body.onNext(List.of(ByteBuffer.wrap("data: a".getBytes(StandardCharsets.US_ASCII)).asReadOnlyBuffer(),
                ByteBuffer.wrap("\n\n".getBytes(StandardCharsets.US_ASCII)).asReadOnlyBuffer()));
        assertEquals(List.of("data: a\n\n"), seen, "one batch, both buffers, in one call");
        assertEquals(2, s.requested, "the next batch only after the sink took this one");
        body.onComplete();
        assertEquals(UpstreamBody.End.COMPLETE, body.await());
    }

    @Test
    void aSinkAttachedBeforeTheSubscriptionStartsTheFlowOnce() {
        UpstreamBody body = new UpstreamBody();
        body.start((b, n) -> true);
        FakeSubscription s = new FakeSubscription();
        body.onSubscribe(s);
        assertEquals(1, s.requested);
        body.start((b, n) -> true); // a second start changes nothing upstream
        assertEquals(1, s.requested);
    }

    @Test
    void aSinkThatCannotDeliverCancelsTheUpstream() {
        UpstreamBody body = new UpstreamBody();
        FakeSubscription s = new FakeSubscription();
        body.onSubscribe(s);
        body.start((b, n) -> false);
        body.onNext(bytes("data: x\n\n"));
        assertTrue(s.cancelled);
        assertEquals(1, s.requested, "nothing more asked for");
        assertEquals(UpstreamBody.End.SINK_FAILED, body.await());
    }

    @Test
    void whatTheSinkThrowsIsKeptForTheRequestThread() {
        UpstreamBody body = new UpstreamBody();
        FakeSubscription s = new FakeSubscription();
        body.onSubscribe(s);
        UncheckedIOException bug = new UncheckedIOException(new IOException("planted"));
        body.start((b, n) -> {
            throw bug;
        });
        body.onNext(bytes("x"));
        assertEquals(UpstreamBody.End.SINK_THREW, body.await());
        assertSame(bug, body.failure());
        assertTrue(s.cancelled);
    }

    @Test
    void anUpstreamFailureEndsTheWaitWithItsCause() {
        UpstreamBody body = new UpstreamBody();
        body.onSubscribe(new FakeSubscription());
        body.start((b, n) -> true);
        IOException cause = new IOException("reset");
        body.onError(cause);
        assertEquals(UpstreamBody.End.FAILED, body.await());
        assertSame(cause, body.failure());
    }

    @Test
    void closingWakesTheWaiterAndCancelsEvenBeforeTheSubscription() throws Exception {
        UpstreamBody body = new UpstreamBody();
        body.start((b, n) -> true);
        AtomicReference<UpstreamBody.End> end = new AtomicReference<>();
        CountDownLatch waiting = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread waiter = Thread.ofVirtual().start(() -> {
            waiting.countDown();
            end.set(body.await());
            done.countDown();
        });
        assertTrue(waiting.await(10, TimeUnit.SECONDS));
        body.close(); // the idle watchdog, or a client that left
        assertTrue(done.await(10, TimeUnit.SECONDS));
        waiter.join();
        assertEquals(UpstreamBody.End.CLOSED, end.get());
        FakeSubscription late = new FakeSubscription();
        body.onSubscribe(late);
        assertTrue(late.cancelled, "a subscription arriving after the close is cancelled at once");
        assertEquals(0, late.requested);
    }

    @Test
    void anInterruptedWaitClosesTheBody() throws Exception {
        UpstreamBody body = new UpstreamBody();
        FakeSubscription s = new FakeSubscription();
        body.onSubscribe(s);
        body.start((b, n) -> true);
        AtomicReference<UpstreamBody.End> end = new AtomicReference<>();
        AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
        Thread waiter = Thread.ofVirtual().start(() -> {
            end.set(body.await());
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        waiter.interrupt();
        waiter.join(TimeUnit.SECONDS.toMillis(10));
        assertEquals(UpstreamBody.End.CLOSED, end.get());
        assertTrue(stillInterrupted.get(), "the interrupt is kept for whoever stops the thread");
        assertTrue(s.cancelled);
    }

    @Test
    void copiesTheClientsReadOnlyBuffersIntoOneArray() {
        UpstreamBody body = new UpstreamBody();
        body.onSubscribe(new FakeSubscription());
        AtomicReference<byte[]> got = new AtomicReference<>();
        body.start((b, n) -> {
            got.set(java.util.Arrays.copyOf(b, n));
            return true;
        });
        body.onNext(List.of(ByteBuffer.wrap(new byte[] {1, 2}).asReadOnlyBuffer(), ByteBuffer.allocate(0),
                ByteBuffer.wrap(new byte[] {3}).asReadOnlyBuffer()));
        assertArrayEquals(new byte[] {1, 2, 3}, got.get());
    }
}

package piapi.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.PriorityQueue;

/**
 * The fake SSE upstream of the concurrent-streams benchmark, run as its own process so its memory and
 * CPU are not the gateway's or the load generator's. One thread and one selector serve every
 * connection: holding 8,000 streams costs it a few hundred bytes each, and sending an event is one
 * non-blocking write. A request {@code GET|POST <any path>?events=E&gapMs=G} is answered 200 with a
 * chunked {@code text/event-stream} of E events G ms apart (the first at once), then
 * {@code data: [DONE]} and the final chunk; the connection stays open for the next request. Each event
 * carries its sequence number and its send time ({@code System.nanoTime()}, CLOCK_MONOTONIC, which
 * every process on the machine shares), so the load generator measures each event's delay.
 * <p>
 * {@code java -cp build/test-classes piapi.bench.StreamUpstream [port]} prints {@code listening PORT}
 * and serves until its standard input closes.
 */
final class StreamUpstream {
    private static final byte[] HEAD = ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BAD = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = chunk("data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII));
    private static final byte[] LAST = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Selector selector;
    private final ServerSocketChannel server;
    private final PriorityQueue<StreamConn> due = new PriorityQueue<>((a, b) -> Long.compare(a.next - b.next, 0));
    private final ByteBuffer read = ByteBuffer.allocateDirect(64 * 1024);
    private final ByteBuffer out = ByteBuffer.allocateDirect(64 * 1024);
    private long started;
    private long completed;
    private long aborted;

    private StreamUpstream(int port) throws IOException {
        selector = Selector.open();
        server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16_384);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
    }

    public static void main(String[] args) throws IOException {
        StreamUpstream upstream = new StreamUpstream(args.length > 0 ? Integer.parseInt(args[0]) : 0);
        System.out.println("listening " + ((InetSocketAddress) upstream.server.getLocalAddress()).getPort());
        System.out.flush();
        Thread.ofPlatform().daemon().start(() -> { // the parent closing our stdin means: stop
            try {
                while (System.in.read() >= 0) { /* ignore */ }
            } catch (IOException ignored) { /* stop either way */ }
            System.out.printf("upstream: %d streams started, %d completed, %d aborted%n", upstream.started, upstream.completed, upstream.aborted);
            System.out.flush();
            Runtime.getRuntime().halt(0);
        });
        upstream.serve();
    }

    private void serve() throws IOException {
        while (true) {
            long now = System.nanoTime();
            while (!due.isEmpty() && due.peek().next - now <= 0) {
                StreamConn c = due.poll();
                if (c.channel.isOpen()) sendEvent(c);
            }
            long waitMs = due.isEmpty() ? 0 : Math.max(0, (due.peek().next - System.nanoTime()) / 1_000_000);
            if (!due.isEmpty() && waitMs == 0) selector.selectNow(); else selector.select(waitMs);
            for (SelectionKey key : selector.selectedKeys()) {
                if (!key.isValid()) continue;
                if (key.isAcceptable()) accept();
                else handle(key);
            }
            selector.selectedKeys().clear();
        }
    }

    private void accept() throws IOException {
        SocketChannel ch;
        while ((ch = server.accept()) != null) {
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            StreamConn c = new StreamConn(ch);
            c.key = ch.register(selector, SelectionKey.OP_READ, c);
        }
    }

    private void handle(SelectionKey key) {
        StreamConn c = (StreamConn) key.attachment();
        try {
            if (key.isWritable() && c.flushPending()) key.interestOps(SelectionKey.OP_READ);
            if (key.isReadable()) readRequest(c);
        } catch (IOException e) {
            close(c);
        }
    }

    private void readRequest(StreamConn c) throws IOException {
        read.clear();
        int n = c.channel.read(read);
        if (n < 0) {
            close(c);
            return;
        }
        read.flip();
        if (c.streaming) return; // nothing is expected mid-stream; a close shows as -1 above
        if (!c.request.append(read)) {
            write(c, BAD);
            close(c);
            return;
        }
        RequestHeadReader.HttpRequestHead head = c.request.complete();
        if (head == null) return;
        c.request.reset();
        c.streaming = true;
        c.remaining = head.intParam("events", 30);
        c.gapNanos = head.intParam("gapMs", 1000) * 1_000_000L;
        c.seq = 0;
        started++;
        write(c, HEAD);
        c.next = System.nanoTime();
        due.add(c);
    }

    private void sendEvent(StreamConn c) {
        try {
            if (c.remaining == 0) {
                write(c, DONE);
                write(c, LAST);
                c.streaming = false;
                completed++;
                return;
            }
            String data = "data: {\"seq\":" + c.seq + ",\"sent_ns\":" + System.nanoTime()
                    + ",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" token\"}}]}\n\n";
            write(c, chunk(data.getBytes(StandardCharsets.US_ASCII)));
            c.seq++;
            c.remaining--;
            c.next += c.gapNanos;
            due.add(c);
        } catch (IOException e) {
            close(c);
        }
    }

    private void write(StreamConn c, byte[] bytes) throws IOException {
        if (c.hasPending()) {
            c.queue(bytes, 0, bytes.length);
            return;
        }
        out.clear();
        out.put(bytes).flip();
        c.channel.write(out);
        if (out.hasRemaining()) { // the reader is slow: keep the rest and write it when the socket drains
            byte[] rest = new byte[out.remaining()];
            out.get(rest);
            c.queue(rest, 0, rest.length);
            c.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        }
    }

    private void close(StreamConn c) {
        if (c.streaming) aborted++;
        c.streaming = false;
        try {
            c.channel.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    static byte[] chunk(byte[] data) {
        byte[] size = (Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] framed = new byte[size.length + data.length + 2];
        System.arraycopy(size, 0, framed, 0, size.length);
        System.arraycopy(data, 0, framed, size.length, data.length);
        framed[framed.length - 2] = '\r';
        framed[framed.length - 1] = '\n';
        return framed;
    }
}

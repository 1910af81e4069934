package piapi.config;

/**
 * An amount of memory written either as bytes ({@code 64MiB}) or as a share of the JVM's maximum heap
 * ({@code 25%}), so a setting keeps its meaning when the heap is resized with {@code -Xmx}.
 *
 * @param bytes   the amount in bytes, or -1 when it is a share
 * @param percent the share of the maximum heap (0 to 90), used when {@code bytes} is -1
 */
public record MemoryShare(long bytes, double percent) {
    public static MemoryShare ofBytes(long bytes) {
        return new MemoryShare(bytes, 0);
    }

    public static MemoryShare ofPercent(double percent) {
        return new MemoryShare(-1, percent);
    }

    /** The amount in bytes for a heap of at most {@code maxHeap} bytes. */
    public long resolve(long maxHeap) {
        return bytes >= 0 ? bytes : (long) (maxHeap * (percent / 100));
    }

    /** As written in config.yaml: {@code 25%} or a byte count. */
    @Override
    public String toString() {
        if (bytes >= 0) return Long.toString(bytes);
        return percent == Math.rint(percent) ? (long) percent + "%" : percent + "%";
    }
}

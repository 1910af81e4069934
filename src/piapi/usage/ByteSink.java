package piapi.usage;

/** A stage of the meter that reads bytes: a decompressor, an SSE framer, a JSON scanner. */
interface ByteSink {
    /** Reads {@code b[off, off + len)} during this call only; never keeps or changes the array. */
    void bytes(byte[] b, int off, int len);
}

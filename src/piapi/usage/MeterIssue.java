package piapi.usage;

/** Why a meter could not read all of an answer; each is worth a counter, none ever fails the request. */
public enum MeterIssue {
    /** A {@code Content-Encoding} piapi cannot decode (br, zstd, ...): the usage is unknown. */
    UNSUPPORTED_ENCODING,
    /** Compressed data that does not decode or whose gzip check fails: the usage is unknown. */
    CORRUPT_ENCODING,
    /** One read decompressed to more than the bound: reading stopped there, usage seen so far is partial. */
    INFLATE_LIMIT,
    /** The answered model id was longer than the bound: it is not recorded. */
    MODEL_TOO_LONG,
    /** JSON nested deeper than the bound: that document was not read further. */
    NESTING_TOO_DEEP;

    /** The label value for a metric: lower case. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

package piapi.usage;

/** Receives the values {@link JsonScanner} found at the paths of its {@link FieldTable}. */
interface ScanTarget {
    /** A non-negative integer at a count's path. */
    void number(int field, long value);

    /** A string at a string field's path; {@code text} is valid during this call only. */
    void string(int field, CaptureBuffer text);

    /** {@code true} or {@code false} at a boolean field's path. */
    void bool(int field, boolean value);

    /** An event object closed: the top-level object, or an object element of a top-level array. */
    void eventClosed();
}

package piapi.usage;

/**
 * Reads a gzip member header (RFC 1952) byte by byte, however the bytes are split: the ten fixed bytes, then
 * the optional extra field, file name, comment and header CRC its flags announce. Only the method deflate is
 * valid; a reserved flag bit makes the header invalid.
 */
final class GzipHeader {
    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;
    private static final int RESERVED = 0xE0;
    private static final int FIXED_BYTES = 10;

    private static final int FIXED = 0;
    private static final int EXTRA_LENGTH = 1;
    private static final int EXTRA = 2;
    private static final int NAME = 3;
    private static final int COMMENT = 4;
    private static final int HEADER_CRC = 5;
    private static final int DONE = 6;
    private static final int INVALID = 7;

    private int phase;
    private int count;
    private int flags;
    private int extraLength;

    void reset() {
        phase = FIXED;
        count = 0;
        flags = 0;
        extraLength = 0;
    }

    /** Reads header bytes from {@code b[i, end)}; returns the index of the first byte after the header (or end). */
    int read(byte[] b, int i, int end) {
        while (i < end && phase < DONE) accept(b[i++] & 0xFF);
        return i;
    }

    boolean done() {
        return phase == DONE;
    }

    boolean invalid() {
        return phase == INVALID;
    }

    private void accept(int c) {
        switch (phase) {
            case FIXED -> fixed(c);
            case EXTRA_LENGTH -> {
                extraLength |= c << 8 * count;
                if (++count == 2) {
                    count = 0;
                    if (extraLength == 0) {
                        afterExtra();
                    } else {
                        phase = EXTRA;
                    }
                }
            }
            case EXTRA -> {
                if (++count == extraLength) afterExtra();
            }
            case NAME -> {
                if (c == 0) afterName();
            }
            case COMMENT -> {
                if (c == 0) afterComment();
            }
            default -> { // HEADER_CRC
                if (++count == 2) phase = DONE;
            }
        }
    }

    private void fixed(int c) {
        boolean valid = switch (count) {
            case 0 -> c == 0x1F;
            case 1 -> c == 0x8B;
            case 2 -> c == 8; // deflate, the only method
            case 3 -> (c & RESERVED) == 0;
            default -> true; // mtime, extra flags, OS
        };
        if (!valid) {
            phase = INVALID;
            return;
        }
        if (count == 3) flags = c;
        if (++count < FIXED_BYTES) return;
        count = 0;
        if ((flags & FEXTRA) != 0) {
            phase = EXTRA_LENGTH;
        } else {
            afterExtra();
        }
    }

    private void afterExtra() {
        count = 0;
        if ((flags & FNAME) != 0) {
            phase = NAME;
        } else {
            afterName();
        }
    }

    private void afterName() {
        if ((flags & FCOMMENT) != 0) {
            phase = COMMENT;
        } else {
            afterComment();
        }
    }

    private void afterComment() {
        count = 0;
        phase = (flags & FHCRC) != 0 ? HEADER_CRC : DONE;
    }
}

package piapi.http;

import java.util.concurrent.ThreadLocalRandom;

/** piapi's request ids: a well-formed incoming X-Request-ID is reused, otherwise a random UUID-shaped id. */
final class RequestIds {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private RequestIds() {}

    static String choose(String incoming) {
        return incoming != null && isWellFormed(incoming) ? incoming : generate();
    }

    /** 1 to 128 characters of letters, digits and {@code - _ . : / + = @}: safe in logs, headers and JSON. */
    static boolean isWellFormed(String id) {
        int n = id.length();
        if (n == 0 || n > 128) return false;
        for (int i = 0; i < n; i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-_.:/+=@".indexOf(c) >= 0;
            if (!ok) return false;
        }
        return true;
    }

    /** A version-4 UUID from ThreadLocalRandom: unique enough for correlation, no SecureRandom contention. */
    static String generate() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long hi = (r.nextLong() & ~0xF000L) | 0x4000L;
        long lo = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        char[] out = new char[36];
        int p = 0;
        for (int i = 60; i >= 0; i -= 4) {
            if (p == 8 || p == 13) out[p++] = '-';
            out[p++] = HEX[(int) (hi >>> i) & 0xF];
        }
        for (int i = 60; i >= 0; i -= 4) {
            if (p == 18 || p == 23) out[p++] = '-';
            out[p++] = HEX[(int) (lo >>> i) & 0xF];
        }
        return new String(out);
    }
}

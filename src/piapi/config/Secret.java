package piapi.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Key material (a provider key, a user key, the admin token). It never prints: {@link #toString()}
 * is {@code ***}, and {@link #masked()} shows too little to reuse. The raw value is only reachable
 * through {@link #reveal()}, which the proxy calls to inject a provider key.
 */
public final class Secret {
    private final String value;
    private final byte[] digest;

    private Secret(String value) {
        this.value = value;
        this.digest = sha256(value);
    }

    public static Secret of(String value) {
        if (value == null || value.isEmpty()) throw new IllegalArgumentException("a secret must not be empty");
        return new Secret(value);
    }

    /** The raw value, for injecting into an upstream request. Never log or echo it. */
    public String reveal() {
        return value;
    }

    /** SHA-256 of the UTF-8 value. Callers must not modify the array. */
    byte[] digest() {
        return digest;
    }

    /** The digest as a map key (ISO-8859-1 string of the 32 bytes: cheap, no hex formatting). */
    public String digestKey() {
        return new String(digest, StandardCharsets.ISO_8859_1);
    }

    /** Constant-time comparison of this secret with a presented value (hashing first also hides its length). */
    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(digest, sha256(presented));
    }

    /** A stable, non-reversible label for logs and audits: the first 12 hex digits of the SHA-256. */
    public String fingerprint() {
        return HexFormat.of().formatHex(digest, 0, 6);
    }

    /**
     * A display form that tells keys apart without revealing them: {@code sk-a…xyz} for long keys
     * (first 4 and last 3 characters of at least 16), only the last 2 for medium ones, {@code ***} for short ones.
     */
    public String masked() {
        int n = value.length();
        if (n >= 16) return value.substring(0, 4) + "…" + value.substring(n - 3);
        if (n >= 10) return "…" + value.substring(n - 2);
        return "***";
    }

    @Override
    public String toString() {
        return "***";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret s && MessageDigest.isEqual(digest, s.digest);
    }

    @Override
    public int hashCode() {
        return (digest[0] & 0xff) << 24 | (digest[1] & 0xff) << 16 | (digest[2] & 0xff) << 8 | (digest[3] & 0xff);
    }

    /** SHA-256 of the UTF-8 bytes of {@code s}. */
    public static byte[] sha256(String s) {
        return newSha256().digest(s.getBytes(StandardCharsets.UTF_8));
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}

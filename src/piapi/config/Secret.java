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

    /** Keys shorter than this show nothing at all when masked. */
    public static final int MASK_MIN_LENGTH = 20;
    /** How many of its last characters a long key shows when masked. */
    public static final int MASK_SHOWN = 4;

    /** {@link #mask(String) mask} of this key: the one display form of key material in every admin answer and log. */
    public String masked() {
        return mask(value);
    }

    /**
     * The one masking function for key material: {@code …wxyz} (the last 4 characters) for a key of at
     * least 20 characters, {@code ***} (nothing of it) for a shorter one. The beginning of a key is never
     * shown: it is the part that is shared (vendor prefixes such as {@code sk-ant-api03-}) and so tells
     * keys apart least, and with the end it would narrow a guess from both sides.
     */
    public static String mask(String key) {
        if (key == null || key.length() < MASK_MIN_LENGTH) return "***";
        return "…" + key.substring(key.length() - MASK_SHOWN);
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

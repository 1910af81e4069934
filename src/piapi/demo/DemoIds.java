package piapi.demo;

import java.security.SecureRandom;
import java.util.random.RandomGenerator;

/** Identifiers shaped like each vendor's, so SDKs and logs see what they expect. */
final class DemoIds {
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final String HEX = "0123456789abcdef";

    private final RandomGenerator random;

    DemoIds() {
        this(new SecureRandom());
    }

    DemoIds(RandomGenerator random) {
        this.random = random;
    }

    /** {@code chatcmpl-} and 29 letters and digits, as Chat Completions ids. */
    String chatCompletion() {
        return "chatcmpl-" + chars(BASE62, 29);
    }

    /** {@code resp_} and 48 hex digits, as Responses ids. */
    String response() {
        return "resp_" + chars(HEX, 48);
    }

    /** {@code msg_} and 48 hex digits: an output message item of a response. */
    String responseItem() {
        return "msg_" + chars(HEX, 48);
    }

    /** {@code msg_01} and 22 letters and digits, as Anthropic message ids. */
    String anthropicMessage() {
        return "msg_01" + chars(BASE62, 22);
    }

    /** {@code req_011C} and 20 letters and digits, as Anthropic's request-id header. */
    String anthropicRequest() {
        return "req_011C" + chars(BASE62, 20);
    }

    /** {@code req_} and 32 hex digits, as OpenAI's x-request-id header. */
    String openAiRequest() {
        return "req_" + chars(HEX, 32);
    }

    /** {@code fp_} and 10 hex digits: a system fingerprint. */
    String fingerprint() {
        return "fp_" + chars(HEX, 10);
    }

    private String chars(String alphabet, int n) {
        char[] out = new char[n];
        for (int i = 0; i < n; i++) out[i] = alphabet.charAt(random.nextInt(alphabet.length()));
        return new String(out);
    }
}

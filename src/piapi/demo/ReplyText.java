package piapi.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * The demo's answer, cut into tokens the way models stream them: words with their leading space.
 *
 * @param tokens    what is sent, at most the request's token cap
 * @param truncated whether the cap cut the answer short
 */
record ReplyText(List<String> tokens, boolean truncated) {
    private static final int ECHO_LIMIT = 80;

    ReplyText {
        tokens = List.copyOf(tokens);
    }

    /** The reply of provider {@code provider} to {@code request}. */
    static ReplyText of(String provider, DemoRequest request) {
        List<String> all = split(text(provider, request.prompt()));
        boolean cut = request.maxTokens() > 0 && request.maxTokens() < all.size();
        return new ReplyText(cut ? all.subList(0, request.maxTokens()) : all, cut);
    }

    /** The whole text sent. */
    String joined() {
        return String.join("", tokens);
    }

    static String text(String provider, String prompt) {
        String said = String.join(" ", prompt.strip().split("\\s+"));
        if (said.length() > ECHO_LIMIT) said = said.substring(0, ECHO_LIMIT) + "…";
        return "Hello from " + provider + ", a built-in provider of the piapi demo. No model runs here: this answer"
                + " is made up offline and streamed word by word, so you can watch piapi route, stream, fail over"
                + " and count tokens." + (said.isEmpty() ? "" : " You said: \"" + said + "\".")
                + " The admin page shows this request now.";
    }

    static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == ' ') {
                out.add(text.substring(start, i));
                start = i;
            }
        }
        return out;
    }
}

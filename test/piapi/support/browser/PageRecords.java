package piapi.support.browser;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What a page's events leave behind, whichever protocol reported them: problems (always wrong), failed loads
 * (wrong unless the test expected that status) and every request sent. Written by the socket's listener thread,
 * read by the test's thread.
 */
final class PageRecords {
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final List<String> failedLoads = new CopyOnWriteArrayList<>();
    private final List<Page.Request> requests = new CopyOnWriteArrayList<>();

    void problem(String text) {
        problems.add(text);
    }

    /** A load that failed; the text holds "status of NNN " when the server answered with an error status. */
    void failedLoad(String text) {
        failedLoads.add(text);
    }

    void request(Page.Request request) {
        requests.add(request);
    }

    List<Page.Request> requests() {
        return List.copyOf(requests);
    }

    List<String> problems(int... expectedStatuses) {
        List<String> out = new ArrayList<>(problems);
        for (String n : failedLoads) {
            boolean expected = false;
            for (int s : expectedStatuses) expected |= n.contains("status of " + s + " ");
            if (!expected) out.add(n);
        }
        return out;
    }
}

package piapi.bench;

import java.util.ArrayList;
import java.util.List;

/** The performance budget of issue 6: each line a figure, its limit and whether it held. */
final class Budget {
    private record Line(String what, String figure, String limit, String result) {}

    private final List<Line> lines = new ArrayList<>();
    private boolean ok = true;

    void check(String what, String figure, String limit, boolean held) {
        lines.add(new Line(what, figure, limit, held ? "ok" : "MISSED"));
        ok &= held;
    }

    void skip(String what, String why) {
        lines.add(new Line(what, "-", "-", "not run (" + why + ")"));
    }

    /** Prints the table; true when every checked line held. */
    boolean print() {
        System.out.println("\nperformance budget:");
        int width = lines.stream().mapToInt(l -> l.what().length()).max().orElse(10);
        for (Line l : lines) {
            System.out.printf("  %-" + width + "s  %-12s %-10s %s%n", l.what(), l.figure(), l.limit(), l.result());
        }
        System.out.println(ok ? "budget: all checked lines held" : "budget: MISSED (see above)");
        return ok;
    }
}

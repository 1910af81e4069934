package piapi.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import piapi.yaml.Position;
import piapi.yaml.YamlNode;

/** Collects every problem of one load, so the operator sees them all at once, not one per attempt. */
final class Problems {
    private final String file;
    private final List<Problem> list = new ArrayList<>();

    Problems(String file) {
        this.file = file;
    }

    void error(YamlNode at, String path, String message) {
        error(at == null ? null : at.position(), path, message);
    }

    void error(Position at, String path, String message) {
        list.add(new Problem(Problem.Severity.ERROR, file, at, path, message));
    }

    void warn(YamlNode at, String path, String message) {
        list.add(new Problem(Problem.Severity.WARNING, file, at == null ? null : at.position(), path, message));
    }

    boolean hasErrors() {
        for (Problem p : list) if (p.isError()) return true;
        return false;
    }

    /** Every problem in document order (those without a position first), whatever order the checks ran in. */
    List<Problem> list() {
        List<Problem> sorted = new ArrayList<>(list);
        sorted.sort(Comparator.comparingInt((Problem p) -> p.position() == null ? 0 : p.position().line())
                .thenComparingInt(p -> p.position() == null ? 0 : p.position().column()));
        return Collections.unmodifiableList(sorted);
    }
}

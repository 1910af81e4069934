package piapi.admin;

import java.util.List;
import piapi.config.Problem;
import piapi.http.JsonWriter;

/**
 * Config problems as JSON: each with its severity, file, line and column (null when the problem has no
 * position), path, message, and {@code text}, the {@code file:line:col: path: message} line an editor jumps to.
 */
final class ProblemsJson {
    private ProblemsJson() {}

    static void write(JsonWriter w, List<Problem> problems) {
        w.beginArray();
        for (Problem p : problems) {
            w.beginObject().field("severity", p.isError() ? "error" : "warning").field("file", p.file());
            if (p.position() == null) {
                w.name("line").nullValue().name("column").nullValue();
            } else {
                w.field("line", p.position().line()).field("column", p.position().column());
            }
            w.field("path", p.path()).field("message", p.message()).field("text", p.toString()).endObject();
        }
        w.endArray();
    }

    static List<Problem> warnings(List<Problem> problems) {
        return problems.stream().filter(p -> !p.isError()).toList();
    }
}

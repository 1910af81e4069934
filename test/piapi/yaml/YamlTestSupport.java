package piapi.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/** Navigation helpers shared by the parser tests. */
final class YamlTestSupport {
    private YamlTestSupport() {
    }

    static YamlNode parse(String yaml) {
        try {
            return YamlParser.parse(yaml);
        } catch (YamlException e) {
            return fail("unexpected error: " + e.getMessage(), e);
        }
    }

    /** Follows a path of mapping keys (String) and sequence indexes (Integer). */
    static YamlNode at(YamlNode node, Object... path) {
        YamlNode current = node;
        for (Object step : path) {
            if (step instanceof String key) {
                current = assertInstanceOf(YamlMapping.class, current, "at " + key).get(key);
                assertNotNull(current, () -> "no key " + key);
            } else {
                current = assertInstanceOf(YamlSequence.class, current, "at " + step)
                        .items().get((Integer) step);
            }
        }
        return current;
    }

    static YamlScalar scalar(YamlNode node, Object... path) {
        return assertInstanceOf(YamlScalar.class, at(node, path));
    }

    static String text(YamlNode node, Object... path) {
        return scalar(node, path).value();
    }

    static YamlMapping mapping(YamlNode node, Object... path) {
        return assertInstanceOf(YamlMapping.class, at(node, path));
    }

    static YamlSequence sequence(YamlNode node, Object... path) {
        return assertInstanceOf(YamlSequence.class, at(node, path));
    }

    static void assertPosition(int line, int column, YamlNode node) {
        assertEquals(new Position(line, column), node.position());
    }
}

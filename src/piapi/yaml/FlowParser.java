package piapi.yaml;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads flow collections ({@code [a, b]} and {@code {k: v}}), nested as deep as the limit
 * allows. A flow collection must close on the line it opens on: that keeps the block structure
 * purely line-based and catches a forgotten bracket where it was forgotten.
 */
final class FlowParser {
    private static final String UNCLOSED = "flow collection must be closed on the same line";

    private final Cursor in;
    private final ScalarReader scalars;

    FlowParser(Cursor in, ScalarReader scalars) {
        this.in = in;
        this.scalars = scalars;
    }

    /** Reads the collection opening at the cursor ('[' or '{'), leaving the cursor after it. */
    YamlNode readFlowCollection(int depth) throws YamlException {
        return in.peek() == '[' ? readFlowSequence(depth) : readFlowMapping(depth);
    }

    private YamlSequence readFlowSequence(int depth) throws YamlException {
        int open = in.col();
        Position position = in.position();
        YamlParser.checkDepth(depth, position);
        in.advance();
        List<YamlNode> items = new ArrayList<>();
        while (true) {
            skipBlanks(open);
            if (in.peek() == ']') {
                break; // also after a trailing comma, as YAML allows
            }
            items.add(readFlowNode(depth + 1));
            skipBlanks(open);
            if (in.peek() == ',') {
                in.advance();
            } else if (in.peek() == ']') {
                break;
            } else if (in.peek() == ':') {
                throw in.error("'key: value' inside [ ] is not supported; write [{key: value}]");
            } else {
                throw in.error("expected ',' or ']' in flow sequence");
            }
        }
        in.advance();
        return new YamlSequence(items, position);
    }

    private YamlMapping readFlowMapping(int depth) throws YamlException {
        int open = in.col();
        Position position = in.position();
        YamlParser.checkDepth(depth, position);
        in.advance();
        MappingBuilder entries = new MappingBuilder();
        while (true) {
            skipBlanks(open);
            if (in.peek() == '}') {
                break;
            }
            YamlScalar key = readFlowKey();
            entries.checkNew(key);
            Position afterKey = in.position();
            skipBlanks(open);
            entries.add(key, readFlowMappingValue(key, afterKey, open, depth));
            skipBlanks(open);
            if (in.peek() == ',') {
                in.advance();
            } else if (in.peek() == '}') {
                break;
            } else if (in.peek() == ':') {
                throw in.error("mapping values are not allowed here");
            } else {
                throw in.error("expected ',' or '}' in flow mapping");
            }
        }
        in.advance();
        return entries.build(position);
    }

    private YamlScalar readFlowKey() throws YamlException {
        int c = in.peek();
        if (c == '[' || c == '{') {
            throw in.error("flow collections cannot be mapping keys");
        }
        if (c == ',') {
            throw in.error("unexpected ','; expected a key");
        }
        return scalars.readScalar(true);
    }

    /** The value after a flow key; {@code {a}} and {@code {a: }} give a null value. */
    private YamlNode readFlowMappingValue(YamlScalar key, Position afterKey, int open, int depth)
            throws YamlException {
        if (in.peek() == ',' || in.peek() == '}') {
            return ScalarReader.emptyValue(afterKey);
        }
        // As in yaml.v3, a ':' where a token starts is the value indicator inside a flow
        // collection even with no blank after it: {"a":1} maps a to 1. (A plain key cannot
        // end right before such a ':': there "a:1" is one scalar.)
        if (in.peek() != ':') {
            throw in.error(MappingBuilder.missingColon(key));
        }
        Position afterColon = in.position(in.col() + 1);
        in.advance();
        skipBlanks(open);
        if (in.peek() == ',' || in.peek() == '}') {
            return ScalarReader.emptyValue(afterColon);
        }
        return readFlowNode(depth + 1);
    }

    private YamlNode readFlowNode(int depth) throws YamlException {
        int c = in.peek();
        if (c == '[' || c == '{') {
            return readFlowCollection(depth);
        }
        if (c == ',' || c == ']' || c == '}') {
            throw in.error("unexpected '" + (char) c + "'; expected a value");
        }
        return scalars.readScalar(true);
    }

    /** Skips blanks; the line ending (or a comment starting) here means the collection is open. */
    private void skipBlanks(int open) throws YamlException {
        in.skipBlanks();
        if (in.atLineEnd()) {
            throw in.error(UNCLOSED, open);
        }
    }
}

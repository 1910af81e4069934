package piapi.yaml;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the block structure: mappings and sequences laid out by indentation.
 *
 * <p>A block collection lives at an indentation column: a mapping at the column of its keys,
 * a sequence at the column of its dashes. That column is usually a line's indentation, but a
 * collection can also start inside a line ({@code - name: x} puts a mapping at the column of
 * {@code name}; {@code - - a} a sequence at the second dash), and the following lines then line
 * up with that column. Every reader is told its parent's column: a line indented between the two
 * belongs to neither, which is how inconsistent indentation is caught.
 *
 * <p>Each reader leaves the cursor at the first content line it did not consume.
 */
final class BlockParser {
    private static final String AFTER_QUOTE =
            "unexpected text after the closing quote; quote the whole value";
    private static final String AFTER_FLOW = "unexpected text after the flow collection";

    private final Cursor in;
    private final ScalarReader scalars;
    private final FlowParser flow;

    BlockParser(Cursor in) {
        this.in = in;
        this.scalars = new ScalarReader(in);
        this.flow = new FlowParser(in, scalars);
    }

    /** Reads the root node; the cursor must be at the first content line. */
    YamlNode readDocument() throws YamlException {
        int rootIndent = in.indent();
        YamlNode root = readNode(-1, 1);
        // A block collection consumes every line after it or says why it cannot, so lines
        // can only be left over after a root scalar or flow collection.
        if (!in.atEnd()) {
            throw in.error(in.indent() > rootIndent ? "unexpected indentation"
                    : "unexpected content after the root value");
        }
        return root;
    }

    /**
     * Reads the node starting at the cursor, whether at the start of a line or after "- ".
     * Whether it is a mapping shows only after its first scalar: a ':' follows a key.
     */
    private YamlNode readNode(int parentIndent, int depth) throws YamlException {
        int start = in.col();
        if (in.atSequenceItem()) {
            return readSequence(start, parentIndent, depth, false);
        }
        if (in.peek() == '[' || in.peek() == '{') {
            YamlNode node = flow.readFlowCollection(depth);
            in.skipBlanks();
            if (in.atMappingColon()) {
                throw in.error("flow collections cannot be mapping keys");
            }
            endValueLine(AFTER_FLOW);
            return node;
        }
        YamlScalar scalar = scalars.readScalar(false);
        in.skipBlanks();
        if (in.atMappingColon()) {
            return readMapping(start, parentIndent, depth, scalar);
        }
        endValueLine(AFTER_QUOTE);
        return scalar;
    }

    /** Reads a block mapping whose first key has been read; the cursor is at its ':'. */
    private YamlMapping readMapping(int indent, int parentIndent, int depth, YamlScalar firstKey)
            throws YamlException {
        YamlParser.checkDepth(depth, firstKey.position());
        MappingBuilder entries = new MappingBuilder();
        YamlScalar key = firstKey;
        while (true) {
            entries.checkNew(key);
            entries.add(key, readMappingValue(indent, depth));
            if (in.atEnd() || !continuesCollection(indent, parentIndent)) {
                break;
            }
            key = readMappingKey();
        }
        return entries.build(firstKey.position());
    }

    private YamlScalar readMappingKey() throws YamlException {
        if (in.atSequenceItem()) {
            throw in.error("expected a mapping key, found a sequence item '-'");
        }
        if (in.peek() == '[' || in.peek() == '{') {
            throw in.error("flow collections cannot be mapping keys");
        }
        YamlScalar key = scalars.readScalar(false);
        int afterKey = in.col();
        in.skipBlanks();
        if (!in.atMappingColon()) {
            // Point at the stray text if there is some, else where the ':' belongs.
            String problem = MappingBuilder.missingColon(key);
            throw in.atLineEnd() ? in.error(problem, afterKey) : in.error(problem);
        }
        return key;
    }

    /** Reads what follows a key's ':' (the cursor is at it), on this line or below. */
    private YamlNode readMappingValue(int indent, int depth) throws YamlException {
        Position afterColon = in.position(in.col() + 1);
        in.advance();
        in.skipBlanks();
        if (!in.atLineEnd()) {
            return readInlineValue(depth + 1);
        }
        in.nextLine();
        if (!in.atEnd() && in.indent() > indent) {
            return readNode(indent, depth + 1);
        }
        // yaml.v3 accepts a sequence at the key's own indentation as the key's value, and
        // config files are written that way, so it is accepted here too.
        if (!in.atEnd() && in.indent() == indent && in.atSequenceItem()) {
            return readSequence(indent, indent, depth + 1, true);
        }
        return ScalarReader.emptyValue(afterColon);
    }

    /** Reads a value on the key's line: a scalar or a flow collection, and nothing after it. */
    private YamlNode readInlineValue(int depth) throws YamlException {
        if (in.atSequenceItem()) {
            throw in.error("a block sequence cannot start on its key's line;"
                    + " put '- ' on the next line");
        }
        YamlNode value;
        String trailing;
        if (in.peek() == '[' || in.peek() == '{') {
            value = flow.readFlowCollection(depth);
            trailing = AFTER_FLOW;
        } else {
            value = scalars.readScalar(false);
            trailing = AFTER_QUOTE; // a plain scalar runs to the line end, ' #' or ': '
        }
        in.skipBlanks();
        if (in.atMappingColon()) {
            throw in.error("mapping values are not allowed here");
        }
        endValueLine(trailing);
        return value;
    }

    /**
     * Reads a block sequence; the cursor is at its first '-'. With {@code endsAtKey} it is the
     * value of a key at the same indentation, and the next key at that column ends it.
     */
    private YamlSequence readSequence(int indent, int parentIndent, int depth, boolean endsAtKey)
            throws YamlException {
        Position position = in.position();
        YamlParser.checkDepth(depth, position);
        List<YamlNode> items = new ArrayList<>();
        while (true) {
            items.add(readSequenceItem(indent, depth));
            if (in.atEnd() || !continuesCollection(indent, parentIndent)) {
                break;
            }
            if (!in.atSequenceItem()) {
                if (endsAtKey) {
                    break;
                }
                throw in.error("expected a sequence item '- ' at this indentation");
            }
        }
        return new YamlSequence(items, position);
    }

    /** Reads one item; the cursor is at its '-'. */
    private YamlNode readSequenceItem(int indent, int depth) throws YamlException {
        Position afterDash = in.position(in.col() + 1);
        in.advance();
        in.skipBlanks();
        if (!in.atLineEnd()) {
            return readNode(indent, depth + 1); // "- a", "- k: v", "- - a", "- [a]"
        }
        in.nextLine();
        if (!in.atEnd() && in.indent() > indent) {
            return readNode(indent, depth + 1);
        }
        return ScalarReader.emptyValue(afterDash);
    }

    /**
     * Decides, at the start of the line after an entry or item, whether the collection at
     * {@code indent} goes on: true at its own column, false at or left of the parent's column.
     */
    private boolean continuesCollection(int indent, int parentIndent) throws YamlException {
        int next = in.indent();
        if (next > indent) {
            // Deeper lines were consumed by the entry's own value if they belonged to it.
            throw in.error("unexpected indentation");
        }
        if (next < indent && next > parentIndent) {
            throw in.error("inconsistent indentation");
        }
        return next == indent;
    }

    /** Requires the rest of the line to be empty or a comment, then moves to the next line. */
    private void endValueLine(String problem) throws YamlException {
        in.skipBlanks();
        if (!in.atLineEnd()) {
            throw in.error(problem);
        }
        in.nextLine();
    }
}

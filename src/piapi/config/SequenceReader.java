package piapi.config;

import java.util.List;
import piapi.yaml.YamlNode;
import piapi.yaml.YamlScalar;
import piapi.yaml.YamlSequence;

/** Reads a YAML value that must be a list (absent and null read as empty). */
final class SequenceReader {
    private SequenceReader() {}

    static List<YamlNode> items(YamlNode node, String path, Problems problems) {
        if (node == null || node instanceof YamlScalar s && s.isNull()) return List.of();
        if (node instanceof YamlSequence seq) return seq.items();
        problems.error(node, path, "must be a list (lines starting with '- '), not " + MappingReader.describe(node));
        return List.of();
    }
}

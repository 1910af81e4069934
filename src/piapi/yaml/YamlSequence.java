package piapi.yaml;

import java.util.List;
import java.util.Objects;

/**
 * A sequence, block or flow.
 *
 * @param items the items in source order (unmodifiable)
 * @param position the first {@code '-'} for a block sequence, the {@code '['} for a flow sequence
 */
public record YamlSequence(List<YamlNode> items, Position position) implements YamlNode {
    public YamlSequence {
        items = List.copyOf(items);
        Objects.requireNonNull(position, "position");
    }
}

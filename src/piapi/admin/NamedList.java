package piapi.admin;

import piapi.yaml.YamlEmitter;
import piapi.yaml.YamlMapping;

/**
 * A list of named mappings in the config ({@code providers}, {@code users}) as the edits address it: by
 * name, refusing with 404 when no item has the name and with 409 ({@code provider_exists},
 * {@code user_exists}) when a new or changed name is taken already.
 */
enum NamedList {
    PROVIDERS("providers", "provider"),
    USERS("users", "user");

    /** A change to one item; refusals are the caller's mistakes. */
    @FunctionalInterface
    interface ItemEdit {
        YamlMapping apply(YamlMapping item) throws Refusal;
    }

    private final String section;
    private final String kind;

    NamedList(String section, String kind) {
        this.section = section;
        this.kind = kind;
    }

    /** The index of the item named {@code name}; 404 when there is none. */
    int indexOf(YamlMapping root, String name) throws Refusal {
        int at = ConfigTree.indexByName(ConfigTree.items(root, section), name);
        if (at < 0) throw Refusal.notFound("no " + kind + " named '" + name + "'");
        return at;
    }

    /** The item named {@code name}; 404 when there is none. */
    YamlMapping get(YamlMapping root, String name) throws Refusal {
        return (YamlMapping) ConfigTree.items(root, section).get(indexOf(root, name));
    }

    /** 409 when an item is named {@code name} already. */
    void refuseTaken(YamlMapping root, String name) throws Refusal {
        if (ConfigTree.indexByName(ConfigTree.items(root, section), name) >= 0) {
            throw Refusal.conflict(kind + "_exists", "a " + kind + " named '" + name + "' exists already");
        }
    }

    /** Builds a new item; refusals are the caller's mistakes. */
    @FunctionalInterface
    interface NewItem {
        YamlMapping build() throws Refusal;
    }

    /** The document with the item named {@code name} appended: 409 when the name is taken, before the item is built. */
    YamlMapping add(YamlMapping root, String name, NewItem item) throws Refusal {
        refuseTaken(root, name);
        return ConfigTree.addItem(root, section, item.build());
    }

    /** The document with the item named {@code name} replaced by {@code edit} of it. */
    YamlMapping edit(YamlMapping root, String name, ItemEdit edit) throws Refusal {
        int at = indexOf(root, name);
        YamlMapping edited = edit.apply((YamlMapping) ConfigTree.items(root, section).get(at));
        return ConfigTree.editItem(root, section, at, item -> edited);
    }

    /** The document with the item named {@code name} named {@code to}; the same document when the name does not change. */
    YamlMapping rename(YamlMapping root, String name, String to) throws Refusal {
        int at = indexOf(root, name);
        if (to.equals(name)) return root;
        refuseTaken(root, to);
        return ConfigTree.editItem(root, section, at, item -> ConfigTree.with(item, "name", YamlEmitter.text(to)));
    }

    YamlMapping remove(YamlMapping root, String name) throws Refusal {
        return ConfigTree.removeItem(root, section, indexOf(root, name));
    }
}

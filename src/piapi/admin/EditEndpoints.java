package piapi.admin;

import piapi.config.ConfigFile;
import piapi.config.ConfigHolder;
import piapi.config.ConfigUpdates;
import piapi.observe.Events;

/**
 * Registers the structured config edits (users, routes, providers, services, keys) and the config
 * history, which all write through one {@link ConfigEditor} and so through the raw write path.
 */
public final class EditEndpoints {
    private EditEndpoints() {}

    public static void register(AdminApi api, ConfigHolder holder, ConfigFile file, ConfigUpdates updates, ConfigHistory history,
                                Events events) {
        ConfigEditor editor = new ConfigEditor(file, updates, holder, history, events);
        UserEdits.register(api, editor);
        ProviderEdits.register(api, editor);
        KeyEdits.register(api, editor);
        HistoryEndpoints.register(api, history, editor, file);
        api.on("GET", "/users/{name}/setup", new SetupEndpoint(holder));
    }
}

package piapi.config;

import java.nio.file.Path;
import java.time.Instant;

/**
 * The directory watcher as the admin status shows it.
 *
 * @param watching  true while a watch is registered and events are being read
 * @param directory the directory watched (the config file's parent)
 * @param restarts  how many times the watcher failed and was restarted
 * @param lastError why it last failed, or null
 * @param lastErrorAt when it last failed, or null
 */
public record WatcherStatus(boolean watching, Path directory, long restarts, String lastError, Instant lastErrorAt) {}

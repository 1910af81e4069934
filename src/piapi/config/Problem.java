package piapi.config;

import piapi.yaml.Position;

/**
 * One problem found in a config file, printed the way compilers print them:
 * {@code config.yaml:14:9: users[1].services.codex: provider 'beta' not defined}.
 * Messages never contain a secret value.
 */
public record Problem(Severity severity, String file, Position position, String path, String message) {

    public enum Severity { ERROR, WARNING }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(96).append(file);
        if (position != null) sb.append(':').append(position.line()).append(':').append(position.column());
        sb.append(": ");
        if (severity == Severity.WARNING) sb.append("warning: ");
        if (path != null && !path.isEmpty()) sb.append(path).append(": ");
        return sb.append(message).toString();
    }
}

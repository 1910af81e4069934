package piapi.admin;

import java.io.IOException;

/** One admin operation, e.g. {@code GET /status}; registered on {@link AdminApi} by the feature that owns it. */
@FunctionalInterface
public interface AdminEndpoint {
    void handle(AdminRequest request) throws IOException;
}

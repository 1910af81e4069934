package piapi.observe;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.jar.Manifest;

/** Reads a main attribute of the jar piapi runs from; null when running from plain classes. */
final class ManifestAttributes {
    private ManifestAttributes() {}

    static String read(String name) {
        URL self = ManifestAttributes.class.getResource("ManifestAttributes.class");
        if (self == null || !self.getProtocol().equals("jar")) return null;
        String jar = self.toString();
        String manifest = jar.substring(0, jar.indexOf('!') + 1) + "/META-INF/MANIFEST.MF";
        try (InputStream in = java.net.URI.create(manifest).toURL().openStream()) {
            return new Manifest(in).getMainAttributes().getValue(name);
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }
}

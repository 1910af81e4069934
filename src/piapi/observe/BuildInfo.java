package piapi.observe;

/**
 * piapi's version, from one place: the Makefile's VERSION, written into the jar manifest. Running from
 * classes (tests) reads "dev".
 */
public record BuildInfo(String version, String commit) {
    public static BuildInfo fromManifest() {
        Package p = BuildInfo.class.getPackage();
        String version = p == null ? null : p.getImplementationVersion();
        // The commit rides in the manifest too, read through the jar's Implementation-Build attribute.
        String commit = ManifestAttributes.read("Implementation-Build");
        return new BuildInfo(version == null ? "dev" : version, commit == null ? "unknown" : commit);
    }

    @Override
    public String toString() {
        return "piapi " + version + " (commit " + commit + ", java " + Runtime.version() + ")";
    }
}

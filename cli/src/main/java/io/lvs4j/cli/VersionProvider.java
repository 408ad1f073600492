package io.lvs4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** Reads the version Maven filtered into lvs4j-version.properties. */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
        Properties p = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("/lvs4j-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        }
        return new String[] {"lvs4j " + p.getProperty("version", "unknown")
                + " (Java " + System.getProperty("java.version") + ")"};
    }
}

package io.lvs4j.control.keepalived;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The info lines and warnings of one parse, logged as they come and kept for the caller. */
final class Messages {
    private static final Logger LOG = LoggerFactory.getLogger(KeepalivedParser.class);
    final List<String> infos = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();

    void info(Token at, String text) {
        String line = at.where() + ": " + text;
        infos.add(line);
        LOG.info(line);
    }

    void warn(Token at, String text) {
        String line = at.where() + ": " + text;
        warnings.add(line);
        LOG.warn(line);
    }
}

package io.lvs4j.control.keepalived;

import java.util.List;

/**
 * What lvs4j takes from a keepalived.conf: its virtual servers, plus the info lines (skipped
 * global_defs and vrrp_* blocks) and warnings (unknown keywords, with file:line) met on the way.
 */
public record KeepalivedConfig(List<VirtualServer> virtualServers, List<String> infos, List<String> warnings) {
}

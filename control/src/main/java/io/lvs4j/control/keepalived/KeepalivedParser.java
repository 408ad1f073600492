package io.lvs4j.control.keepalived;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a keepalived.conf (and what it includes) into lvs4j's model of virtual and real servers.
 * global_defs and vrrp_* blocks are skipped with one info line each; unknown keywords are
 * warnings with file:line, as keepalived gives them; anything lvs4j cannot honour is a
 * {@link ConfigException}, so a bad file starts nothing.
 */
public final class KeepalivedParser {
    private KeepalivedParser() {
    }

    public static KeepalivedConfig parse(Path file) {
        Messages messages = new Messages();
        List<ConfigNode> top = TreeReader.read(Lexer.read(file, messages));
        Map<String, List<Endpoint>> groups = new LinkedHashMap<>();
        List<ConfigNode> virtualServers = new ArrayList<>();
        for (ConfigNode node : top) {
            String name = node.name();
            if (name.equals("global_defs")) {
                messages.info(node.keyword(), "global_defs skipped (lvs4j has no use for it)");
            } else if (name.startsWith("vrrp_")) {
                messages.info(node.keyword(), (name + " " + Values.joined(node.args())).trim()
                        + " skipped (VRRP is not handled by lvs4j yet)");
            } else if (name.equals("virtual_server_group")) {
                String group = Values.word(node, "one group name");
                if (groups.put(group, GroupReader.read(node)) != null) {
                    throw ConfigException.at(node.args().get(0), "virtual_server_group '" + group + "' is defined twice");
                }
            } else if (name.equals("virtual_server")) {
                virtualServers.add(node);
            } else {
                messages.warn(node.keyword(), "unknown keyword '" + name + "', ignored");
            }
        }
        // Groups may be defined after the virtual servers that use them, as keepalived allows.
        VirtualServerReader reader = new VirtualServerReader(messages, groups);
        List<VirtualServer> result = new ArrayList<>();
        Map<String, Token> services = new HashMap<>();
        for (ConfigNode node : virtualServers) {
            VirtualServer vs = reader.read(node);
            for (Endpoint e : vs.addresses()) {
                Token earlier = services.putIfAbsent(vs.protocol() + " " + e, node.keyword());
                if (earlier != null) {
                    throw ConfigException.at(node.keyword(), "service " + vs.protocol() + " " + e
                            + " is already defined at " + earlier.where());
                }
            }
            result.add(vs);
        }
        return new KeepalivedConfig(List.copyOf(result), List.copyOf(messages.infos), List.copyOf(messages.warnings));
    }
}

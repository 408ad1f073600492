package io.lvs4j.control.health;

import io.lvs4j.control.ServerSettings;
import io.lvs4j.control.ServiceId;
import io.lvs4j.control.ServiceSettings;
import io.lvs4j.control.TableChange;
import io.lvs4j.control.TableChange.AddServer;
import io.lvs4j.control.TableChange.AddService;
import io.lvs4j.control.TableChange.DeleteServer;
import io.lvs4j.control.TableChange.DeleteService;
import io.lvs4j.control.TableChange.EditServer;
import io.lvs4j.control.TableChange.EditService;
import io.lvs4j.control.TableChange.SetWeight;
import io.lvs4j.control.ipvsadm.MethodNames;
import io.lvs4j.packet.Ipv4Address;

/** A table change in one line, for the log and for {@code lvs4j reload}: "add server TCP 10.0.0.1:80 -> 10.0.0.2:80 Route weight 1". */
public final class ChangeText {
    private ChangeText() {
    }

    public static String of(TableChange change) {
        if (change instanceof AddService c) {
            return "add service " + service(c.service()) + " " + settings(c.settings());
        } else if (change instanceof EditService c) {
            return "edit service " + service(c.service()) + " " + settings(c.settings());
        } else if (change instanceof DeleteService c) {
            return "delete service " + service(c.service());
        } else if (change instanceof AddServer c) {
            return "add server " + service(c.service()) + " -> " + c.server() + " " + settings(c.settings());
        } else if (change instanceof EditServer c) {
            return "edit server " + service(c.service()) + " -> " + c.server() + " " + settings(c.settings());
        } else if (change instanceof SetWeight c) {
            return "set weight " + service(c.service()) + " -> " + c.server() + " weight " + c.weight();
        } else if (change instanceof DeleteServer c) {
            return "delete server " + service(c.service()) + " -> " + c.server()
                    + (c.keepFlows() ? " (its connections go on)" : "");
        } else if (change instanceof TableChange.Clear) {
            return "clear the table";
        } else if (change instanceof TableChange.Zero c) {
            return "zero counters" + (c.service() == null ? "" : " of " + service(c.service()));
        } else if (change instanceof TableChange.SetTimeouts c) {
            return "set timeouts tcp " + c.tcp() + " tcpfin " + c.tcpFin() + " udp " + c.udp();
        }
        return change.toString();
    }

    private static String service(ServiceId id) {
        return id.protocol() + " " + id;
    }

    private static String settings(ServiceSettings s) {
        String text = "scheduler " + s.scheduler();
        if (s.persistenceSeconds() > 0) {
            text += " persistent " + s.persistenceSeconds();
            if (s.persistenceNetmask() != ServiceSettings.NO_NETMASK) {
                text += " mask " + Ipv4Address.toString(s.persistenceNetmask());
            }
        }
        return text;
    }

    private static String settings(ServerSettings s) {
        String text = MethodNames.listName(s.method()) + " weight " + s.weight();
        if (s.upperThreshold() != 0 || s.lowerThreshold() != 0) {
            text += " thresholds " + s.upperThreshold() + "/" + s.lowerThreshold();
        }
        return text;
    }
}

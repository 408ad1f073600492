package io.lvs4j.control.provision;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Assembles a generated POSIX sh script: header comment, the configuration as plain variable
 * assignments, the helpers every lvs4j script shares, then the script's own functions and the
 * {@code start|stop|restart|status} dispatch. Only the configuration varies with the command
 * line; the rest is fixed text, so shellcheck on one generated script checks them all.
 */
final class ShellScript {

    /** Helpers shared by the real-server and director scripts. */
    static final String HELPERS = """
            say() { printf '%s: %s\\n' "$NAME" "$*"; }
            warn() { printf '%s: warning: %s\\n' "$NAME" "$*" >&2; }
            die() { printf '%s: %s\\n' "$NAME" "$*" >&2; exit 1; }
            need_root() { [ "$(id -u)" -eq 0 ] || die "$1 needs root"; }

            # net.ipv4.conf.lo.arp_ignore -> /proc/sys/net/ipv4/conf/lo/arp_ignore
            sysctl_path() { printf '/proc/sys/%s' "$(printf '%s' "$1" | tr . /)"; }
            sysctl_get() { cat "$(sysctl_path "$1")" 2>/dev/null; }
            sysctl_set() {
                [ "$(sysctl_get "$1")" = "$2" ] && return 0
                printf '%s\\n' "$2" > "$(sysctl_path "$1")" || die "cannot set $1 to $2"
            }
            sysctls_apply() {
                for kv in $SYSCTLS; do sysctl_set "${kv%%=*}" "${kv#*=}"; done
            }
            # True when every sysctl in $SYSCTLS has its wanted value.
            sysctls_applied() {
                for kv in $SYSCTLS; do
                    [ "$(sysctl_get "${kv%%=*}")" = "${kv#*=}" ] || return 1
                done
            }
            # key=value lines with the current values, the state that stop restores.
            sysctls_current() {
                for kv in $SYSCTLS; do printf '%s=%s\\n' "${kv%%=*}" "$(sysctl_get "${kv%%=*}")"; done
            }
            # Prints every sysctl that differs from its wanted value; false if any does.
            sysctls_check() {
                ok=0
                for kv in $SYSCTLS; do
                    now=$(sysctl_get "${kv%%=*}")
                    if [ "$now" != "${kv#*=}" ]; then
                        say "missing: ${kv%%=*} = ${kv#*=} (now ${now:-absent})"
                        ok=1
                    fi
                done
                return "$ok"
            }

            # True when $1/32 is an address of device $2.
            has_vip() { ip -o -4 addr show dev "$2" 2>/dev/null | grep -qF "inet $1/32 "; }

            # The saved state is per network namespace: this script may run in several namespaces
            # on one host at once (a lab's real servers share /run), and each has its own sysctls.
            find_state() {
                ns=$(stat -L -c %i /proc/self/ns/net 2>/dev/null) || die "cannot identify the network namespace (/proc/self/ns/net)"
                STATE_FILE=$STATE_DIR/$NAME-netns-$ns.state
            }
            # Keeps the values an earlier start saved (a second start must not record our own
            # values as the previous ones), but saves afresh when our sysctls are not in place:
            # the file is then stale, e.g. left by a deleted namespace whose inode was reused.
            state_save() {
                if [ -f "$STATE_FILE" ] && sysctls_applied; then return 0; fi
                mkdir -p "$STATE_DIR" || die "cannot create $STATE_DIR"
                # Write then rename: an interrupted start leaves the old file or none, never half.
                if ! printf '%s\\n' "$1" > "$STATE_FILE.tmp.$$" || ! mv -f "$STATE_FILE.tmp.$$" "$STATE_FILE"; then
                    die "cannot write $STATE_FILE"
                fi
            }
            # Hands each saved key=value to restore_value, then forgets the state.
            state_restore() {
                if [ ! -f "$STATE_FILE" ]; then
                    say "no saved values for this network namespace ($STATE_FILE); settings left as they are"
                    return 0
                fi
                while IFS='=' read -r key val; do
                    # An empty value: the key did not exist at start, nothing to put back.
                    if [ -n "$key" ] && [ -n "$val" ]; then restore_value "$key" "$val"; fi
                done < "$STATE_FILE"
                rm -f "$STATE_FILE"
            }
            """;

    static final String DISPATCH = """
            case ${1:-} in
                start) start ;;
                stop) stop ;;
                restart) stop && start ;;
                status) status ;;
                *) printf 'usage: %s start|stop|restart|status\\n' "$0" >&2; exit 2 ;;
            esac
            """;

    private ShellScript() {
    }

    /**
     * @param header comment lines (without '#')
     * @param config variable name to value, in order; values are single-quoted unless they
     *               start with '$' (a default taken from the environment)
     * @param body   the script's own functions: start, stop, status, restore_value
     */
    static String assemble(List<String> header, Map<String, String> config, String body) {
        StringBuilder s = new StringBuilder("#!/bin/sh\n");
        for (String line : header) {
            s.append(line.isEmpty() ? "#" : "# " + line).append('\n');
        }
        s.append('\n');
        for (Map.Entry<String, String> e : config.entrySet()) {
            s.append(e.getKey()).append('=').append(value(e.getValue())).append('\n');
        }
        s.append("PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH\n");
        return s.append('\n').append(HELPERS).append('\n').append(body).append('\n').append(DISPATCH).toString();
    }

    /** An ordered map builder, for readable call sites. */
    static Map<String, String> config(String... keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    private static String value(String v) {
        if (v.startsWith("$")) {
            return v;
        }
        if (v.contains("'")) {
            // Every value comes from validated input (addresses, interface names), so this is a bug.
            throw new IllegalArgumentException("unexpected quote in script value: " + v);
        }
        return "'" + v + "'";
    }
}

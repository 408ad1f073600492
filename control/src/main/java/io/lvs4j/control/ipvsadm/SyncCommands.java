package io.lvs4j.control.ipvsadm;

import io.lvs4j.control.sync.SyncDaemons;
import io.lvs4j.control.sync.SyncException;

/** Runs a parsed daemon command on the director's sync daemons and answers as ipvsadm would. */
final class SyncCommands {
    private SyncCommands() {
    }

    static Reply run(DaemonParser.DaemonCommand command, SyncDaemons daemons) throws InterruptedException {
        try {
            if (command.start()) {
                daemons.start(command.config());
            } else {
                daemons.stop(command.role());
            }
            return Reply.out("");
        } catch (SyncException e) {
            return new Reply("", "lvs4j: " + e.getMessage() + "\n", 1);
        }
    }
}

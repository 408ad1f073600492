package io.lvs4j.cli.ipvsadm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Whether the client may talk to a control socket. It sends table changes there and prints what
 * comes back, so the socket must be the director's: owned by root (or by the user asking), and in
 * a directory no one else can write to, where no one else could have put it or swapped it.
 */
final class SocketTrust {
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;
    private static final int GROUP_OR_OTHER_WRITE = 0022;

    private SocketTrust() {
    }

    /**
     * @param ownUid the client's user id
     * @return why the socket is refused, or null when it may be used (or does not exist: the
     *         connection will then say there is no director)
     */
    static String refusal(Path socket, int ownUid) throws IOException {
        Map<String, Object> file;
        try {
            file = Files.readAttributes(socket, "unix:uid,mode", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
        int mode = (Integer) file.get("mode");
        int uid = (Integer) file.get("uid");
        if ((mode & S_IFMT) != S_IFSOCK) {
            return socket + " is not a socket";
        }
        if (uid != 0 && uid != ownUid) {
            return socket + " is owned by uid " + uid + ", not by root: it may not be the director's";
        }
        Path dir = socket.toAbsolutePath().getParent();
        Map<String, Object> parent = Files.readAttributes(dir, "unix:mode");
        int dirMode = (Integer) parent.get("mode") & 07777;
        if ((dirMode & GROUP_OR_OTHER_WRITE) != 0) {
            return socket + " is in " + dir + ", which others may write to (mode "
                    + String.format("%04o", dirMode) + "): anyone could have put it there";
        }
        return null;
    }
}

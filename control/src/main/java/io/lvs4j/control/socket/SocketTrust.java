package io.lvs4j.control.socket;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.Map;

/**
 * Whether the client may talk to a control socket. It sends table changes there and prints what
 * comes back, so the socket must be the director's: owned by root, by the user asking or by the
 * service user {@code lvs4j} (a director run with capabilities instead of root), and in
 * a directory no one else can write to, where no one else could have put it or swapped it.
 */
final class SocketTrust {
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;
    private static final int GROUP_OR_OTHER_WRITE = 0022;
    /** The service user a packaged director runs as, with CAP_NET_RAW and CAP_NET_ADMIN only. */
    static final String SERVICE_USER = "lvs4j";

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
        } catch (NoSuchFileException | AccessDeniedException e) {
            return null; // connecting will say there is no director, or that only root may ask
        }
        int mode = (Integer) file.get("mode");
        int uid = (Integer) file.get("uid");
        if (!isSocket(mode)) {
            return socket + " is not a socket";
        }
        if (uid != 0 && uid != ownUid && uid != serviceUid(socket)) {
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

    /** The uid of the system user {@value #SERVICE_USER} a unit may run the director as, or -1. */
    private static int serviceUid(Path socket) {
        try {
            UserPrincipal user = socket.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName(SERVICE_USER);
            return user.equals(Files.getOwner(socket, LinkOption.NOFOLLOW_LINKS))
                    ? (Integer) Files.getAttribute(socket, "unix:uid", LinkOption.NOFOLLOW_LINKS) : -1;
        } catch (IOException e) {
            return -1; // no such user
        }
    }

    /** Whether a "unix:mode" attribute is a socket's (S_IFSOCK), not a file, link or directory. */
    static boolean isSocket(int mode) {
        return (mode & S_IFMT) == S_IFSOCK;
    }
}

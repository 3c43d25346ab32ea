package dev.resultstore.storage.nio;

import java.io.IOException;
import java.nio.file.FileSystem;

/**
 * What some providers do differently from what {@code java.nio.file} promises, found by reading
 * and testing them; keyed by class name, so that no provider is a dependency.
 */
final class KnownProviders {

    /** Apache MINA SSHD's SFTP client provider (sshd-sftp). */
    private static final String SSHD_SFTP = "org.apache.sshd.sftp.client.fs.SftpFileSystemProvider";
    private static final String SSHD_SFTP_EXCEPTION = "org.apache.sshd.sftp.common.SftpException";
    private static final int SSH_FX_NO_SUCH_FILE = 2;

    private KnownProviders() {
    }

    /** SSHD 2.x accepts {@code ATOMIC_MOVE} but deletes the target, then renames. */
    static boolean movesAtomically(FileSystem fileSystem) {
        return !SSHD_SFTP.equals(fileSystem.provider().getClass().getName());
    }

    /** SSHD reports a missing file as its {@code SftpException} with status {@code SSH_FX_NO_SUCH_FILE}. */
    static boolean meansMissing(IOException failure) {
        if (!SSHD_SFTP_EXCEPTION.equals(failure.getClass().getName())) {
            return false;
        }
        try {
            return Integer.valueOf(SSH_FX_NO_SUCH_FILE).equals(failure.getClass().getMethod("getStatus").invoke(failure));
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}

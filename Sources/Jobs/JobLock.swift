import Authority
import Foundation

/// An exclusive lock on the data directory's lock file, so two runs (cron overlapping a manual one)
/// never work on the same requests at once. The kernel releases it if the process dies.
package final class JobLock {
    private let descriptor: Int32

    package init(_ directory: DataDirectory) throws {
        let path = directory.lockFile.path
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw AuthorityError(.io, "cannot open the lock file \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw AuthorityError(.refused, "another vouch run holds \(path); try again when it has finished")
        }
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}

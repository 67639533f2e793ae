import CRMDomain
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Checks made on the database's files before SQLite opens anything, so that a file
/// crmbot cannot use is refused with a clear reason and left exactly as it was.
extension SQLiteStore {
    /// Refuses a database crmbot could read but not write, before opening it.
    ///
    /// SQLite quietly opens a write-protected file read-only: every write would then
    /// fail (`read_only`) while the program seemed to run, and WAL mode would create
    /// `-wal` and `-shm` files with the database's read-only mode, which keep the file
    /// unusable after it is made writable again. So the folder, the file and any side
    /// files must be writable. "Writable" is `access(W_OK)` and, because root passes
    /// `access` whatever the mode, at least one write bit in the mode: a file or folder
    /// nobody may write (`chmod 400`) is refused for root too.
    ///
    /// - Throws: `.readOnly`, naming the folder or the file and what to do.
    static func checkWritable(path: String, directory: String) throws(StoreError) {
        guard isWritable(directory) != false else {
            throw StoreError(
                .readOnly,
                "The folder \(directory) is read-only; crmbot needs to write the database and its journal there. "
                    + "Make it writable or choose another database path.",
                context: "access(\(directory), W_OK) or no write bit")
        }
        guard isWritable(path) != false else {
            throw StoreError(
                .readOnly,
                "The database file \(path) is read-only; crmbot needs to write it. "
                    + "Make it writable (chmod 600 \(path)) or choose another database path.",
                context: "access(\(path), W_OK) or no write bit")
        }
        for side in [path + "-wal", path + "-shm"] where isWritable(side) == false {
            throw StoreError(
                .readOnly,
                "The journal file \(side) beside the database is read-only; make it writable (chmod 600 \(side)), "
                    + "or delete it while no crmbot is using the database.",
                context: "access(\(side), W_OK) or no write bit")
        }
    }

    /// Whether the current user may write `path` (see ``checkWritable(path:directory:)``);
    /// nil when it does not exist.
    static func isWritable(_ path: String) -> Bool? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return access(path, W_OK) == 0 && st.st_mode & 0o222 != 0
    }
}

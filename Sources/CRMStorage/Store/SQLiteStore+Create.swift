import CRMDomain
import Foundation

#if canImport(Glibc)
import Glibc
#endif

extension SQLiteStore {
    /// Refuses an existing file of zero bytes: it is not a crmbot database (the README
    /// promises such a file is refused and never overwritten), and crmbot never leaves
    /// one behind itself, because it creates databases with
    /// ``create(path:directory:configuration:)``. A zero-byte file beside a non-empty
    /// `-wal` is left to SQLite, which recovers it from the journal.
    ///
    /// - Throws: `.corrupt`, saying how to start fresh.
    static func checkNotEmpty(path: String) throws(StoreError) {
        guard size(of: path) == 0, (size(of: path + "-wal") ?? 0) == 0 else { return }
        throw StoreError(
            .corrupt,
            "The file \(path) is empty, so it is not a crmbot database; it was not changed. "
                + "To start a fresh database, delete it (rm \(path)) or choose a path that does not exist yet (--db).",
            context: "zero-length file")
    }

    /// The size of the file at `path`; nil when there is none.
    private static func size(of path: String) -> Int64? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return Int64(st.st_size)
    }

    /// Creates a new database at `path` (which did not exist) so that `path` never
    /// holds a half-made file: the database is built under a hidden temporary name
    /// in the same folder — schema and all, in rollback-journal mode — closed, then
    /// hard-linked into place. A crash while creating leaves at most the temporary
    /// file (`.NAME.creating-…`), never an empty file at `path` that the next start
    /// would refuse. If another process created `path` meanwhile, theirs is kept.
    static func create(path: String, directory: String, configuration: Connection.Configuration) throws {
        let name = URL(fileURLWithPath: path).lastPathComponent
        let temporary = directory + "/." + name + ".creating-" + String(UInt64.random(in: 0...UInt64.max), radix: 16)
        defer {
            for suffix in ["", "-journal", "-wal", "-shm"] { unlink(temporary + suffix) }
        }
        try build(temporary, configuration)
        if link(temporary, path) != 0 {
            let error = errno
            guard error != EEXIST else { return }
            // A file system without hard links: rename, unless `path` appeared meanwhile.
            guard access(path, F_OK) != 0, rename(temporary, path) == 0 else {
                throw SQLiteError(
                    code: .cantOpen, message: "cannot move the new database into place: \(String(cString: strerror(error)))",
                    sql: nil)
            }
        }
    }

    /// Makes the complete schema in the file at `temporary` and closes it.
    private static func build(_ temporary: String, _ configuration: Connection.Configuration) throws {
        let connection = try Connection(path: temporary, configuration: configuration)
        try prepare(connection, path: temporary, readOnly: false, wal: false)
    }
}

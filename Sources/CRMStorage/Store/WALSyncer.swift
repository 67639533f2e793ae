import CRMDomain
import Dispatch
import Foundation
import Synchronization

/// Group commit for ``SQLiteStore/Durability/full``: a committed write is acknowledged
/// only once the write-ahead log is on disk, and one `fdatasync` covers every write
/// committed before it.
///
/// SQLite's `synchronous = FULL` does exactly one more thing than NORMAL in WAL mode:
/// it syncs the WAL file after each commit, inside the write lock, so writers queue
/// behind each other's syncs. Here the connections stay at NORMAL, and after a commit
/// the writer takes a number (``noteCommit()``, inside the write lock) and waits — not
/// holding the lock, not holding a thread — until a sync that began after its commit
/// has finished (``waitDurable(_:)``). One thread does the syncs: while it syncs, the
/// writes that commit meanwhile queue, and its next sync covers them all. Readers may
/// see a write a moment before it is durable, as Redis clients may with
/// `appendfsync always`; the writer's reply waits.
///
/// The log is opened by the path SQLite gives it once, after the first commit made it
/// exist, and kept open: SQLite never deletes it while the store's writer is open. Its
/// directory is synced once then, as SQLite does for a new journal.
///
/// A failed sync fails every write after it too, until the process restarts: after an
/// `fdatasync` error the kernel may have dropped the unwritten pages, and a later sync
/// that succeeds would not bring them back (PostgreSQL's "fsyncgate").
final class WALSyncer: Sendable {
    private struct State {
        /// The number of the last commit.
        var committed: UInt64 = 0
        /// Every commit up to this number is on disk.
        var synced: UInt64 = 0
        var syncing = false
        var waiters: [(commit: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
        var file: Int32 = -1
        /// Syncs done (for tests and the benchmark's report).
        var syncs = 0
        /// The first failed sync: every write since fails with it.
        var failure: StoreError?
    }

    /// The log this syncer syncs.
    let walPath: String
    private let state = Mutex(State())
    private let queue = DispatchQueue(label: "crmbot.store.wal-sync")
    /// `fdatasync`; tests pass one that holds a sync to see commits pile up behind it.
    private let sync: @Sendable (Int32) -> Int32

    /// - Parameter walPath: the log as SQLite names it (``Connection/walPath``: through a
    ///   symbolic link to the database, the log is beside the real file).
    init(walPath: String, sync: @escaping @Sendable (Int32) -> Int32 = { fdatasync($0) }) {
        self.walPath = walPath
        self.sync = sync
    }

    deinit {
        state.withLock { s in
            if s.file >= 0 { close(s.file) }
        }
    }

    /// Called inside the write lock, after a commit: the commit's number.
    func noteCommit() -> UInt64 {
        state.withLock { s in
            s.committed += 1
            return s.committed
        }
    }

    /// How many syncs have been done.
    var syncCount: Int { state.withLock { $0.syncs } }
    /// How many writes wait for a sync.
    var waitingCount: Int { state.withLock { $0.waiters.count } }

    /// Returns when commit `commit` is on disk; throws ``StoreError/Code/io`` when the sync
    /// failed (the write may then be lost on power loss: the caller must not acknowledge it).
    func waitDurable(_ commit: UInt64) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let start = state.withLock { s -> Bool? in
                if s.synced >= commit && s.failure == nil { return nil }
                s.waiters.append((commit, continuation))
                if s.syncing { return false }
                s.syncing = true
                return true
            }
            switch start {
            case nil: continuation.resume()
            case true?: queue.async { self.drain() }
            case false?: break
            }
        }
    }

    /// Syncs until no one waits: each round covers every commit made before it began.
    private func drain() {
        while true {
            let (target, file, earlier) = state.withLock { s in (s.committed, s.file, s.failure) }
            var failure: StoreError? = earlier
            var fd = file
            if fd < 0 {
                fd = open(walPath, O_RDONLY | O_CLOEXEC)
                if fd >= 0 {
                    syncDirectory()
                    state.withLock { $0.file = fd }
                } else {
                    failure = Self.unconfirmed("open \(walPath): \(String(cString: strerror(errno)))")
                }
            }
            if failure == nil, sync(fd) != 0 {
                failure = Self.unconfirmed("fdatasync \(walPath): \(String(cString: strerror(errno)))")
            }
            let (ready, more) = state.withLock { s in
                s.syncs += 1
                if let failure { s.failure = s.failure ?? failure } else { s.synced = max(s.synced, target) }
                let ready = s.waiters.filter { $0.commit <= target }
                s.waiters.removeAll { $0.commit <= target }
                if s.waiters.isEmpty { s.syncing = false }
                return (ready.map(\.continuation), !s.waiters.isEmpty)
            }
            for continuation in ready {
                if let failure { continuation.resume(throwing: failure) } else { continuation.resume() }
            }
            if !more { return }
        }
    }

    /// The error of a write committed but not confirmed on disk: saved, so never to be sent
    /// again, but it may not survive a power loss.
    static func unconfirmed(_ context: String) -> StoreError {
        StoreError(
            .io,
            "The change was saved, but the disk did not confirm it, so it may not survive a power loss; "
                + "please don't send it again. The server stops confirming writes until it is restarted: check the disk.",
            context: context)
    }

    /// Makes the log's directory entry durable (once, when the log is first opened).
    private func syncDirectory() {
        let directory = (walPath as NSString).deletingLastPathComponent
        let fd = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }
}

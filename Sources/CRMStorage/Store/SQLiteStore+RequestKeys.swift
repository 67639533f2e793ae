import CRMDomain
import CRMSupport

extension SQLiteStore {
    public func requestOutcome(rep repID: RepID, key: String, since: LocalDateTime) async throws -> RequestOutcome? {
        try await reading { db in
            if let reply = try db.scalarText(
                "SELECT reply FROM request_replies WHERE rep_id = ? AND key = ? AND at >= ?",
                [.integer(repID.rawValue), .text(key), .text(since.iso)])
            {
                return .replied(reply)
            }
            let row = try db.row(
                "SELECT * FROM change_log WHERE rep_id = ? AND request_key = ? AND at >= ? ORDER BY id LIMIT 1",
                [.integer(repID.rawValue), .text(key), .text(since.iso)])
            if let row { return .wrote(try ChangeEntry(row: row)) }
            let undone = try db.row(
                "SELECT * FROM change_log WHERE rep_id = ? AND undone_by_key = ? AND undone_at >= ? ORDER BY id LIMIT 1",
                [.integer(repID.rawValue), .text(key), .text(since.iso)])
            return try undone.map { .undid(try ChangeEntry(row: $0)) }
        }
    }

    public func keepReply(_ reply: String, rep repID: RepID, key: String, at: LocalDateTime, forgettingBefore: LocalDateTime)
        async throws
    {
        try InputLimits.text(key, "request key")
        try await writing { db in
            try db.execute("DELETE FROM request_replies WHERE at < ?", [.text(forgettingBefore.iso)])
            // The first reply stays: a retry that raced the first request gets the same one.
            try db.execute(
                "INSERT INTO request_replies (rep_id, key, at, reply) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                [.integer(repID.rawValue), .text(key), .text(at.iso), .text(reply)])
        }
    }
}

extension Connection {
    /// Whether a change under the rep's request `key` was written by another attempt
    /// within the keys' retention before `at`.
    func requestHandledElsewhere(rep: RepID, key: String, attempt: String?, at: LocalDateTime) throws -> Bool {
        try scalarInt(
            "SELECT 1 FROM change_log WHERE rep_id = ? AND request_key = ? AND request_attempt IS NOT ? AND at >= ? LIMIT 1",
            [.integer(rep.rawValue), .text(key), SQLValue(attempt), .text(at.adding(minutes: -60 * RequestKeys.retentionHours).iso)])
            != nil
    }
}

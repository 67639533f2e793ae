import CRMDomain
import CRMSupport

extension SQLiteStore {
    public func recordReads(_ counts: [ReadCount], rule: BulkReadRule, at: LocalDateTime) async throws
        -> [UnusualReading]
    {
        let counts = counts.filter { $0.reads > 0 }
        guard !counts.isEmpty else { return [] }
        return try await writing { db in
            var flagged: [UnusualReading] = []
            for count in counts {
                let rep = SQLValue.integer(count.repID.rawValue)
                let day = SQLValue.text(count.day.iso)
                // One upsert per rep and day in the batch; the rule is looked at
                // only from the floor up, and only until the day is flagged.
                guard
                    let row = try db.rows(
                        """
                        INSERT INTO read_counts (rep_id, day, reads) VALUES (?, ?, ?)
                        ON CONFLICT (rep_id, day) DO UPDATE SET reads = reads + excluded.reads
                        RETURNING reads, flagged_at
                        """, [rep, day, .integer(Int64(count.reads))]
                    ).first
                else { continue }
                let reads = Int(try row.int64("reads"))
                guard reads >= rule.minimumReads, try row.optionalString("flagged_at") == nil else { continue }
                let earlier = try db.rows(
                    "SELECT reads FROM read_counts WHERE rep_id = ? AND day >= ? AND day < ?",
                    [rep, .text(count.day.adding(days: -rule.windowDays).iso), day]
                ).map { Int(try $0.int64("reads")) }
                let norm = rule.norm(earlier)
                guard rule.isUnusual(reads: reads, norm: norm) else { continue }
                try db.execute(
                    "UPDATE read_counts SET flagged_at = ?, norm = ? WHERE rep_id = ? AND day = ?",
                    [.text(at.iso), .real(norm), rep, day])
                let name = try db.fetchRep(count.repID)?.name ?? "rep \(count.repID)"
                _ = try db.insertAudit(
                    NewAuditEntry(
                        at: at, kind: .bulkRead, actor: name, repID: count.repID,
                        detail: "read \(reads) cards and lists on \(count.day.iso); their norm is \(Self.format(norm)) "
                            + "a day over the \(rule.windowDays) days before (unusual: at least \(rule.minimumReads) "
                            + "and over \(Self.format(rule.factor)) times the norm)"))
                flagged.append(
                    UnusualReading(repID: count.repID, repName: name, day: count.day, reads: reads, norm: norm, flaggedAt: at))
            }
            return flagged
        }
    }

    public func unusualReadings(from: CivilDate, through: CivilDate) async throws -> [UnusualReading] {
        try await reading { db in
            try db.rows(
                """
                SELECT r.rep_id, p.name, r.day, r.reads, r.norm, r.flagged_at FROM read_counts r
                JOIN reps p ON p.id = r.rep_id
                WHERE r.flagged_at IS NOT NULL AND r.day >= ? AND r.day <= ?
                ORDER BY r.day DESC, r.reads DESC, p.name
                """, [.text(from.iso), .text(through.iso)]
            ).map { row in
                UnusualReading(
                    repID: try row.id("rep_id"), repName: try row.string("name"), day: try row.civilDate("day"),
                    reads: Int(try row.int64("reads")), norm: try row.double("norm") ?? 0,
                    flaggedAt: try row.localDateTime("flagged_at"))
            }
        }
    }

    /// `10`, `10.5`.
    static func format(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(x)
    }
}

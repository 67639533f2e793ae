import CRMDomain
import CRMSupport

extension Connection {
    /// Appends a funnel move to `stage_changes` (in the change, so undo removes it).
    func recordStageChange(_ id: CustomerID, from: Stage, to: Stage, _ ctx: WriteContext, _ rec: ChangeRecorder) throws {
        let rowID = try insertReturningID(
            "INSERT INTO stage_changes (customer_id, rep_id, from_stage, to_stage, at) VALUES (?, ?, ?, ?, ?) RETURNING id",
            [.integer(id.rawValue), .integer(ctx.repID.rawValue), .text(from.rawValue), .text(to.rawValue), .text(ctx.at.iso)])
        try rec.inserted(.stageChanges, rowID)
    }
}

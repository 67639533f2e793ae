/// The intent names of the public contract (`shared/spec/intents.md`).
///
/// Only names live here: slots, summaries, examples and phrasings come from the
/// grammar files. A grammar that declares an intent not listed here is refused,
/// so a typo in a grammar cannot invent a new public intent.
public enum IntentCatalog {
    /// Every intent name of the spec's catalog table, in table order (without `none`).
    public static let names: [String] = [
        "customer.add", "contact.add", "customer.show", "customer.history", "search", "customer.update", "contact.profile", "contact.list",
        "contact.move", "alias.remove", "customer.delete", "customer.restore", "customer.merge",
        "customer.list", "activity.log", "activity.list", "objection.log", "complaint.open", "complaint.acknowledge", "complaint.resolve",
        "complaint.followup",
        "order.record", "order.correct", "order.delete", "order.list", "payment.record", "payment.correct", "payment.delete",
        "deal.add", "deal.update", "deal.won", "deal.lost", "deal.list", "forecast.show", "quota.set",
        "referral.log", "stage.set", "prospect.grade", "qualify",
        "task.add", "task.list", "task.done", "task.cancel", "task.reschedule", "task.edit", "task.reassign", "briefing", "risk.list", "reorder.due", "tier.list",
        "pipeline.show", "birthday.list", "loyalty.show", "report.show", "handover", "rep.add", "rep.update", "rep.list",
        "rep.deactivate",
        "undo", "help",
    ]

    /// The intent of a message that matches nothing.
    public static let none = "none"

    static let nameSet: Set<String> = Set(names)

    /// Intents that change nothing. Only these may declare `cue:` words: a message
    /// that no phrasing matched may be read as one of them by its cues, because a
    /// wrong read costs nothing, while a guessed write could lose data.
    public static let readOnly: Set<String> = [
        "customer.show", "customer.history", "search", "order.list", "contact.list", "customer.list", "activity.list", "task.list", "briefing", "risk.list", "reorder.due", "tier.list",
        "pipeline.show", "birthday.list", "loyalty.show", "report.show", "help", "deal.list", "forecast.show", "rep.list",
    ]
}

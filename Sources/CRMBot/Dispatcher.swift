/// Routes an intent to its action. Every intent of the contract that is
/// available now has a case here; later ones are answered by ``LaterIntents``.
enum Dispatcher {
    static func perform(_ turn: Turn) async throws -> Done {
        switch turn.intent {
        case "customer.add": return try await CustomerActions.add(turn)
        case "contact.add": return try await CustomerActions.addContact(turn)
        case "customer.show": return try await CustomerActions.show(turn)
        case "customer.history": return try await HistoryAction.perform(turn)
        case "search": return try await SearchAction.perform(turn)
        case "contact.list": return try await ContactListAction.perform(turn)
        case "order.correct": return try await MoneyChangeActions.correctOrder(turn)
        case "order.delete": return try await MoneyChangeActions.deleteOrder(turn)
        case "payment.correct": return try await MoneyChangeActions.correctPayment(turn)
        case "payment.delete": return try await MoneyChangeActions.deletePayment(turn)
        case "order.list": return try await MoneyChangeActions.listOrders(turn)
        case "activity.list": return try await ActivityListAction.perform(turn)
        case "customer.update": return try await UpdateAction.perform(turn)
        case "contact.profile": return try await CustomerActions.profile(turn)
        case "customer.list": return try await ListAction.perform(turn)
        case "stage.set": return try await FunnelActions.setStage(turn)
        case "prospect.grade": return try await FunnelActions.grade(turn)
        case "qualify": return try await FunnelActions.qualify(turn)
        case "activity.log": return try await ActivityActions.log(turn)
        case "objection.log": return try await ActivityActions.objection(turn)
        case "referral.log": return try await ActivityActions.referral(turn)
        case "complaint.open": return try await ComplaintActions.open(turn)
        case "complaint.resolve": return try await ComplaintActions.resolve(turn)
        case "order.record": return try await MoneyActions.order(turn)
        case "payment.record": return try await MoneyActions.payment(turn)
        case "task.add": return try await TaskActions.add(turn)
        case "task.list": return try await TaskActions.list(turn)
        case "task.done": return try await TaskActions.done(turn)
        case "task.cancel": return try await TaskChangeActions.cancel(turn)
        case "task.reschedule": return try await TaskChangeActions.reschedule(turn)
        case "task.edit": return try await TaskChangeActions.edit(turn)
        case "undo": return try await UndoAction.perform(turn)
        case "rep.add": return try await RepActions.add(turn)
        case "handover": return try await HandoverAction.perform(turn)
        case "help": return Help.reply(turn)
        case "risk.list": return try await InsightActions.risk(turn)
        case "reorder.due": return try await InsightActions.reorder(turn)
        case "tier.list": return try await InsightActions.tiers(turn)
        case "pipeline.show": return try await InsightActions.pipeline(turn)
        case "birthday.list": return try await InsightActions.birthdays(turn)
        case "loyalty.show": return try await InsightActions.loyalty(turn)
        case "briefing": return try await BriefingAction.perform(turn)
        case "report.show": return try await ReportAction.perform(turn)
        default:
            throw Interrupt.fail(BotError(code: "not_available", message: turn.say(
                "I can't do that yet.", "这个我还不会做。")))
        }
    }
}

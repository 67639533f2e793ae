import CRMDomain
import CRMSupport

/// customer.add, contact.add, customer.show and contact.profile.
enum CustomerActions {
    static let maxNameLength = 200

    static func add(_ turn: Turn) async throws -> Done {
        let name = try turn.requireText("name")
        try checkName(name, turn)
        let kind = try turn.enumeration("kind", CustomerKind.self) ?? .company
        let phone = try turn.text("phone").map { p throws(Interrupt) in try Validation.phone(p, turn) }
        let folded = TextMatching.fold(name)
        if let existing = try await turn.sameName(name).first(where: {
            if case .customer = $0.ref { return TextMatching.fold($0.name) == folded }
            return false
        }) {
            throw Interrupt.fail(BotError(code: "duplicate", message: turn.say(
                "\(existing.name) is already a customer (#\(existing.customerID)). See it with: show \(existing.name)",
                "\(existing.name)已经是客户了（#\(existing.customerID)）。查看：查看\(existing.name)")))
        }
        let elsewhere = try await inAnotherBook(name, turn)
        if elsewhere && !turn.confirmed.contains("name") {
            throw Interrupt.ask(Question(slot: "name", text: turn.say(
                "A customer called \(name) is already in another rep's book. Two reps on one account usually means a "
                    + "handover is due (ask your manager). Add \(name) to your book anyway? (yes / no)",
                "另一位销售的客户里已经有“\(name)”了。一个客户两个人跟，通常应该走交接（请问你的经理）。仍要把\(name)加到你的客户里吗？（是 / 否）"),
                kind: .confirm))
        }
        let draft = NewCustomer(
            kind: kind, name: name, ownerID: turn.rep.id, industry: turn.text("industry"), region: turn.text("region"),
            phone: phone)
        let c = try await turn.store.addCustomer(draft, turn.context)
        let lang = turn.language
        var extras = [turn.say("stage ", "阶段：") + Vocabulary.stage(c.stage, lang)]
        if let v = c.industry { extras.append(turn.say("industry ", "行业：") + v) }
        if let v = c.region { extras.append(turn.say("region ", "区域：") + v) }
        if let v = c.phone { extras.append(turn.say("phone ", "电话：") + v) }
        return Done(
            text: turn.say(
                "Added \(Vocabulary.kind(c.kind, lang)) \(c.name) (#\(c.id)), \(extras.joined(separator: ", ")).",
                "已新建\(Vocabulary.kind(c.kind, lang))\(c.name)（#\(c.id)），\(extras.joined(separator: "，"))。"),
            data: [
                ("customer_id", .int(c.id.rawValue)), ("customer", .string(c.name)), ("kind", .string(c.kind.rawValue)),
                ("stage", .string(c.stage.rawValue)), ("slots", turn.slotsJSON),
            ] + (elsewhere ? [("also_elsewhere", true)] : []))
    }

    /// Whether a customer of this name (or alias; case, width and spaces ignored) is in a
    /// book the rep may not see. Only that is told, never whose book or what is in it.
    static func inAnotherBook(_ name: String, _ turn: Turn) async throws -> Bool {
        guard turn.scope != .everything else { return false }
        let folded = TextMatching.fold(name)
        // Exact names and aliases only, by index: the fuzzy search would read every name
        // of every book (typos, partial names) on each new customer.
        return try await turn.store.findParties(namedAnyOf: [folded], in: .everything, limit: Turn.candidateLimit)
            .contains { e in
                guard case .customer = e.ref, !turn.scope.allows(owner: e.ownerID) else { return false }
                return TextMatching.fold(e.name) == folded || e.aliases.contains { TextMatching.fold($0) == folded }
            }
    }

    static func addContact(_ turn: Turn) async throws -> Done {
        let name = try turn.requireText("name")
        try checkName(name, turn)
        let customerName = try turn.requireText("customer")
        var prefix = ""
        var data: [(String, JSONValue)] = []
        let customerID: CustomerID
        let company: String
        if let entry = try await turn.knownParty("customer", kinds: .customers) {
            customerID = entry.customerID
            company = entry.name
        } else if turn.confirmed.contains("customer") {
            try checkName(customerName, turn)
            let c = try await turn.store.addCustomer(
                NewCustomer(kind: .company, name: customerName, ownerID: turn.rep.id), turn.context)
            customerID = c.id
            company = c.name
            prefix = turn.say("Added company \(c.name) (#\(c.id)), stage lead. ", "已新建企业客户\(c.name)（#\(c.id)），阶段：潜在客户。")
            data.append(("customer_created", true))
        } else {
            throw Interrupt.ask(Question(slot: "customer", text: turn.say(
                "I don't know the customer '\(customerName)' yet. Add it as a new customer? (yes / no)",
                "我还不认识客户“\(customerName)”。要新建这个客户吗？（是 / 否）"), kind: .confirm))
        }
        let folded = TextMatching.fold(name)
        if let dup = try await turn.sameName(name).first(where: {
            if case .contact = $0.ref { return $0.customerID == customerID && TextMatching.fold($0.name) == folded }
            return false
        }) {
            throw Interrupt.fail(BotError(code: "duplicate", message: turn.say(
                "\(dup.name) is already a contact at \(company).", "\(dup.name)已经是\(company)的联系人了。")))
        }
        let roles = Validation.roles(turn.tokens("role"))
        let title = turn.text("title")
        let contact = try await turn.store.addContact(
            NewContact(customerID: customerID, name: name, title: title, roles: roles), turn.context)
        var about = [String]()
        if let title { about.append(title) }
        about += roles.map { Vocabulary.role($0, turn.language) }
        let aboutEN = about.isEmpty ? "" : " (\(about.joined(separator: ", ")))"
        let aboutZH = about.isEmpty ? "" : "（\(about.joined(separator: "，"))）"
        data += [
            ("contact_id", .int(contact.id.rawValue)), ("contact", .string(contact.name)),
            ("customer_id", .int(customerID.rawValue)), ("customer", .string(company)),
            ("roles", .array(roles.map { .string($0.rawValue) })), ("slots", turn.slotsJSON),
        ]
        return Done(
            text: prefix + turn.say(
                "Added contact \(contact.name)\(aboutEN) at \(company).",
                "已添加\(company)的联系人\(contact.name)\(aboutZH)。"),
            data: data)
    }

    static func show(_ turn: Turn) async throws -> Done {
        let entry = try await turn.party("who")
        guard let card = try await turn.store.card(for: entry.customerID, recentLimit: turn.options.cardRecentLimit),
            turn.scope.allows(owner: card.customer.ownerID)
        else {
            throw Interrupt.fail(BotError(code: "not_found", message: turn.say(
                "I can't find that customer any more.", "找不到这个客户了。")))
        }
        var focus: ContactID?
        if case .contact(let id) = entry.ref { focus = id }
        var refs: [PartyRef] = card.referredOut.map { .customer($0.toCustomerID) }
        if let by = card.referredBy {
            refs.append(.customer(by.fromCustomerID))
            if let k = by.fromContactID { refs.append(.contact(k)) }
        }
        let names = try await turn.entries(for: refs)
        return try await CardInsights.append(
            to: CardText.render(card, focus: focus, directory: names, turn: turn), card: card, turn: turn)
    }

    /// contact.profile: roles, needs and style, for contacts and person customers.
    static func profile(_ turn: Turn) async throws -> Done {
        let entry = try await turn.party("who")
        // `roles` holds every role when the rep named several ("the approver and buyer").
        let roles = Validation.roles(turn.tokens("roles").isEmpty ? turn.tokens("role") : turn.tokens("roles"))
        let needs = Validation.needs(turn.tokens("needs"))
        let style = try turn.enumeration("style", PersonalityStyle.self)
        guard !roles.isEmpty || !needs.isEmpty || style != nil else {
            throw Interrupt.ask(Question(slot: "needs", text: turn.say(
                "What should I note about \(entry.name): role (decider, influencer, …), needs (power, logic, safety, …) or style (analytical, powerful, …)?",
                "要记录\(entry.name)的什么：角色（决策者、影响者……）、需求（权力、逻辑、安全……）还是性格（分析型、力量型……）？"),
                alternates: ["role", "style"]))
        }
        let contactID: ContactID
        switch entry.ref {
        case .contact(let id):
            contactID = id
        case .customer(let id):
            let customer = try await turn.customer(id)
            guard customer.kind == .person else {
                throw Interrupt.fail(BotError(code: "invalid", message: turn.say(
                    "\(customer.name) is a company: profiles belong to its people, e.g. <contact> is the decision maker.",
                    "\(customer.name)是企业客户，画像要记在具体联系人上，例如：<联系人>是决策者。")))
            }
            contactID = try await selfContact(of: customer, turn)
        }
        var changes: [ContactChange] = []
        if !roles.isEmpty { changes.append(.addRoles(roles)) }
        if !needs.isEmpty { changes.append(.addNeeds(needs)) }
        if let style { changes.append(.style(style)) }
        let c = try await turn.store.updateContact(contactID, changes, turn.context)
        let lang = turn.language
        var parts: [String] = []
        if !c.roles.isEmpty {
            parts.append(turn.say("role ", "角色") + Vocabulary.list(c.roles.map { Vocabulary.role($0, lang) }, lang))
        }
        if !c.needs.isEmpty {
            parts.append(turn.say("needs ", "需求") + Vocabulary.list(c.needs.map { Vocabulary.need($0, lang) }, lang))
        }
        if let s = c.style {
            parts.append(turn.say("style ", "性格") + Vocabulary.style(s, lang) + turn.say(" — ", "——")
                + Vocabulary.approach(s, lang))
        }
        return Done(
            text: turn.say("\(c.name): \(parts.joined(separator: "; ")).", "\(c.name)：\(parts.joined(separator: "；"))。"),
            data: [
                ("contact_id", .int(c.id.rawValue)), ("customer_id", .int(c.customerID.rawValue)),
                ("contact", .string(c.name)), ("roles", .array(c.roles.map { .string($0.rawValue) })),
                ("needs", .array(c.needs.map { .string($0.rawValue) })),
                ("style", c.style.map { .string($0.rawValue) } ?? .null), ("slots", turn.slotsJSON),
            ])
    }

    /// A person customer keeps their profile on a contact entry of the same name,
    /// created on first use.
    private static func selfContact(of customer: Customer, _ turn: Turn) async throws -> ContactID {
        let folded = TextMatching.fold(customer.name)
        if let own = try await turn.sameName(customer.name).first(where: {
            if case .contact = $0.ref { return $0.customerID == customer.id && TextMatching.fold($0.name) == folded }
            return false
        }), case .contact(let id) = own.ref {
            return id
        }
        let contact = try await turn.store.addContact(NewContact(customerID: customer.id, name: customer.name), turn.context)
        return contact.id
    }

    static func checkName(_ name: String, _ turn: Turn) throws(Interrupt) {
        guard name.count <= maxNameLength else {
            throw .fail(BotError(code: "invalid", message: turn.say(
                "That name is too long (at most \(maxNameLength) characters).", "名称太长了（最多\(maxNameLength)个字）。")))
        }
    }
}

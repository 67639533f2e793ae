import Foundation
import CRMDomain
import CRMIntents
import CRMSupport

/// activity.log, objection.log and referral.log: records of being in touch.
enum ActivityActions {
    /// "Wang Tong (Quanyu Hospital)" for a contact, "Quanyu Hospital" for a customer.
    static func who(_ entry: DirectoryEntry, _ turn: Turn) -> String {
        if case .contact = entry.ref { return turn.say("\(entry.name) (\(entry.customerName))", "\(entry.name)（\(entry.customerName)）") }
        return entry.name
    }

    static func contactID(_ entry: DirectoryEntry) -> ContactID? {
        if case .contact(let id) = entry.ref { return id }
        return nil
    }

    static func log(_ turn: Turn) async throws -> Done {
        let type = try turn.requireEnumeration("type", ActivityType.self)
        try await noteTakenForAName(turn)
        let entry = try await turn.party("who")
        let at = try turn.date("date") ?? turn.now
        let note = turn.text("note")
        let activity = try await turn.store.logActivity(
            NewActivity(customerID: entry.customerID, contactID: contactID(entry), type: type, at: at, note: note),
            turn.context)
        let lang = turn.language
        let day = DateText.day(at.date)
        let text = turn.say(
            "Logged \(type.rawValue) with \(who(entry, turn)) on \(day)" + (note.map { ": \($0)" } ?? "") + ".",
            "已记录\(day)与\(who(entry, turn))的\(Vocabulary.activity(type, lang))" + (note.map { "：\($0)" } ?? "") + "。")
        return Done(
            text: text,
            data: [
                ("activity_id", .int(activity.id.rawValue)), ("customer_id", .int(entry.customerID.rawValue)),
                ("customer", .string(entry.customerName)),
                ("contact_id", contactID(entry).map { .int($0.rawValue) } ?? .null),
                ("type", .string(type.rawValue)), ("date", .string(at.date.iso)), ("note", note.map { .string($0) } ?? .null),
            ])
    }

    static func objection(_ turn: Turn) async throws -> Done {
        let entry = try await turn.party("who")
        let kind = try turn.requireEnumeration("kind", ObjectionKind.self)
        let note = turn.text("note")
        let date = try turn.date("date")?.date ?? turn.today
        let o = try await turn.store.logObjection(
            NewObjection(customerID: entry.customerID, contactID: contactID(entry), kind: kind, note: note, date: date),
            turn.context)
        let lang = turn.language
        return Done(
            text: turn.say(
                "Noted objection from \(who(entry, turn)): \(Vocabulary.objection(kind, lang))" + (note.map { " — \($0)" } ?? "") + ".",
                "已记录\(who(entry, turn))的异议：\(Vocabulary.objection(kind, lang))" + (note.map { "——\($0)" } ?? "") + "。"),
            data: [
                ("objection_id", .int(o.id.rawValue)), ("customer_id", .int(entry.customerID.rawValue)),
                ("customer", .string(entry.customerName)),
                ("contact_id", contactID(entry).map { .int($0.rawValue) } ?? .null), ("kind", .string(kind.rawValue)),
            ])
    }

    /// referral.log: `from` must be known; `to` is an existing customer (or a contact's
    /// customer), else it becomes a new lead owned by the rep.
    static func referral(_ turn: Turn) async throws -> Done {
        let from = try await turn.party("from")
        let toName = try turn.requireText("to")
        let note = turn.text("note")
        let date = try turn.date("date")?.date ?? turn.today
        var target: NewReferral.Target
        var toContact: NewReferral.ContactTarget?
        var toLabel: String
        var isNew = false
        if let companyName = turn.text("to_company") {
            // "Kevin Wu of Sunrise Dental": a person at a company, the company a lead when new.
            if let company = try await turn.knownParty("to_company", kinds: .customers) {
                target = .existing(company.customerID)
                toLabel = turn.say("\(toName) (\(company.customerName))", "\(company.customerName)的\(toName)")
            } else {
                try CustomerActions.checkName(companyName, turn)
                target = .new(NewCustomer(kind: .company, name: companyName, ownerID: turn.rep.id, stage: .lead))
                toLabel = turn.say("\(toName) (\(companyName))", "\(companyName)的\(toName)")
                isNew = true
            }
            try CustomerActions.checkName(toName, turn)
            toContact = .named(toName)
        } else if let existing = try await turn.knownParty("to") {
            target = .existing(existing.customerID)
            toContact = contactID(existing).map { .existing($0) }
            toLabel = who(existing, turn)
        } else {
            try CustomerActions.checkName(toName, turn)
            let kind: CustomerKind = looksLikePerson(toName) ? .person : .company
            target = .new(NewCustomer(kind: kind, name: toName, ownerID: turn.rep.id, stage: .lead))
            toLabel = toName
            isNew = true
        }
        let (r, repeated) = try await turn.store.logReferral(
            NewReferral(
                fromCustomerID: from.customerID, fromContactID: contactID(from), to: target, toContact: toContact,
                note: note, date: date),
            turn.context)
        if repeated {
            return Done(
                text: turn.say(
                    "That referral is already on record (\(who(from, turn)) referred \(toLabel) on \(r.date.iso)); nothing changed.",
                    "这条转介绍已经记过了（\(r.date.iso)，\(who(from, turn))介绍了\(toLabel)），没有改动。"),
                data: [
                    ("referral_id", .int(r.id.rawValue)), ("from_customer_id", .int(from.customerID.rawValue)),
                    ("to_customer_id", .int(r.toCustomerID.rawValue)),
                    ("to_contact_id", r.toContactID.map { .int($0.rawValue) } ?? .null), ("repeated", .bool(true)),
                ])
        }
        var text = turn.say(
            "Logged referral: \(who(from, turn)) referred \(toLabel)" + (note.map { " — \($0)" } ?? "") + ".",
            "已记录转介绍：\(who(from, turn))介绍了\(toLabel)" + (note.map { "——\($0)" } ?? "") + "。")
        if isNew, let company = turn.text("to_company") {
            text += turn.say(
                " \(company) is new, so I added it as a lead (#\(r.toCustomerID)) with \(toName) as its contact.",
                "\(company)是新客户，已添加为潜在客户（#\(r.toCustomerID)），\(toName)为联系人。")
        } else if isNew {
            text += turn.say(
                " \(toLabel) is new, so I added them as a lead (#\(r.toCustomerID)).",
                "\(toLabel)是新客户，已添加为潜在客户（#\(r.toCustomerID)）。")
        } else if case .named? = toContact {
            text += turn.say(" \(toName) is on the card as a contact.", "\(toName)已作为联系人记在客户卡上。")
        }
        return Done(
            text: text,
            data: [
                ("referral_id", .int(r.id.rawValue)), ("from_customer_id", .int(from.customerID.rawValue)),
                ("from_contact_id", contactID(from).map { .int($0.rawValue) } ?? .null),
                ("to_customer_id", .int(r.toCustomerID.rawValue)),
                ("to_contact_id", r.toContactID.map { .int($0.rawValue) } ?? .null), ("to", .string(toLabel)),
                ("new_lead", .bool(isNew)), ("repeated", .bool(false)),
            ])
    }

    /// "记录拜访：带了试用手机" reads the note as the name. A Chinese "name" that is known to
    /// nobody, longer than a personal name and not an organisation's is the note: keep it
    /// as such and ask with whom.
    static func noteTakenForAName(_ turn: Turn) async throws {
        guard turn.pinned["who"] == nil, let who = turn.text("who"),
            who.unicodeScalars.contains(where: { $0.isHan }), who.count > 4, !looksLikeOrganisation(who),
            try await turn.knownParty("who") == nil
        else { return }
        // The note runs from the misread "name" to the end of the message, whatever the
        // grammar cut off as a separate note after it.
        var note = who
        if let r = turn.message.range(of: who) {
            note = String(turn.message[r.lowerBound...]).trimmingSpaces
        } else if let rest = turn.text("note") {
            note = who + "，" + rest
        }
        turn.slots.removeAll { $0.0 == "who" || $0.0 == "note" }
        turn.slots.append(("note", .text(note)))
        throw Interrupt.ask(Phrases.question(for: "who", in: turn))
    }

    static let organisationWords = [
        "hospital", "clinic", "company", "co", "ltd", "inc", "group", "bank", "school", "university", "factory",
        "store", "shop", "corp", "llc", "医院", "公司", "诊所", "集团", "银行", "学校", "大学", "工厂", "商店", "中心", "局", "厂",
    ]

    static func looksLikeOrganisation(_ name: String) -> Bool {
        let folded = TextMatching.fold(name)
        let words = folded.split(separator: " ")
        return organisationWords.contains { w in
            w.unicodeScalars.contains { $0.isHan } ? folded.contains(w) : words.contains(Substring(w))
        }
    }

    /// A short personal name ("Li Na", "李娜") rather than an organisation.
    static func looksLikePerson(_ name: String) -> Bool {
        let folded = TextMatching.fold(name)
        if looksLikeOrganisation(name) { return false }
        if folded.unicodeScalars.contains(where: { $0.isHan }) { return folded.count <= 4 }
        return folded.split(separator: " ").count <= 3
    }
}

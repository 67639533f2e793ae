import CRMIntents
import CRMSupport
import Testing

/// Task people and repeats, compound profiles, names with punctuation and
/// referral companies: the full `crmbot parse` JSON at Sunday 2026-11-22 09:30.
@Suite struct SlotExtensionTests {
    static let cases: [(String, String)] = [
        // task.add names the person (who) and keeps `what` as written.
        ("remind me to call Zhou Hua next Tuesday",
         #"{"intent":"task.add","slots":{"what":"call Zhou Hua","who":"Zhou Hua","due":"2026-11-24"}}"#),
        ("follow up with wang tong in 3 days",
         #"{"intent":"task.add","slots":{"what":"follow up with wang tong","who":"wang tong","due":"2026-11-25"}}"#),
        ("下周二提醒我给周华打电话",
         #"{"intent":"task.add","slots":{"what":"给周华打电话","who":"周华","due":"2026-11-24"}}"#),
        ("三天后跟进王彤", #"{"intent":"task.add","slots":{"what":"跟进王彤","who":"王彤","due":"2026-11-25"}}"#),
        ("send Li Na the brochure tomorrow",
         #"{"intent":"task.add","slots":{"what":"send Li Na the brochure","who":"Li Na","due":"2026-11-23"}}"#),
        ("remind me to email Li Na about the contract on Friday",
         #"{"intent":"task.add","slots":{"what":"email Li Na about the contract","who":"Li Na","due":"2026-11-27"}}"#),
        // Repeating tasks.
        ("remind me every monday to call Zhou Hua",
         #"{"intent":"task.add","slots":{"what":"call Zhou Hua","who":"Zhou Hua","due":"2026-11-23","repeat":"weekly"}}"#),
        ("every day at 9am check email",
         #"{"intent":"task.add","slots":{"what":"check email","due":"2026-11-23T09:00","repeat":"daily"}}"#),
        ("每周一提醒我给周华打电话",
         #"{"intent":"task.add","slots":{"what":"给周华打电话","who":"周华","due":"2026-11-23","repeat":"weekly"}}"#),
        ("每月底对账", #"{"intent":"task.add","slots":{"what":"对账","due":"2026-11-30","repeat":"month_end"}}"#),
        ("每年5月3日给王彤送生日礼物",
         #"{"intent":"task.add","slots":{"what":"给王彤送生日礼物","who":"王彤","due":"2027-05-03","repeat":"yearly"}}"#),
        // Compound profile sentences.
        ("wang tong is the decider, he wants power and recognition",
         #"{"intent":"contact.profile","slots":{"who":"wang tong","role":"decider","needs":["power","recognition"]}}"#),
        ("zhou hua cares about logic and safety, analytical style",
         #"{"intent":"contact.profile","slots":{"who":"zhou hua","needs":["logic","safety"],"style":"analytical"}}"#),
        ("Wang Tong is the decision maker and cares about recognition",
         #"{"intent":"contact.profile","slots":{"who":"Wang Tong","role":"decider","needs":["recognition"]}}"#),
        ("周华看重逻辑和安全，分析型性格",
         #"{"intent":"contact.profile","slots":{"who":"周华","needs":["logic","safety"],"style":"analytical"}}"#),
        // Names with punctuation, kept verbatim.
        ("add customer Robert'); DROP TABLE customers;--",
         #"{"intent":"customer.add","slots":{"name":"Robert'); DROP TABLE customers;--"}}"#),
        ("show Robert'); DROP TABLE customers;--",
         #"{"intent":"customer.show","slots":{"who":"Robert'); DROP TABLE customers;--"}}"#),
        ("add customer O'Brien & Sons, Ltd.", #"{"intent":"customer.add","slots":{"name":"O'Brien & Sons, Ltd."}}"#),
        ("add customer \"Acme, Inc.\"", #"{"intent":"customer.add","slots":{"name":"Acme, Inc."}}"#),
        ("add customer Acme Co., Ltd., industry pharma",
         #"{"intent":"customer.add","slots":{"name":"Acme Co., Ltd.","industry":"pharma"}}"#),
        ("add contact Li Na at O'Brien & Sons, Ltd., head of IT",
         #"{"intent":"contact.add","slots":{"name":"Li Na","customer":"O'Brien & Sons, Ltd.","title":"head of IT"}}"#),
        // Referrals: the referred person's company.
        ("Wang Tong referred Li Na of City Clinic",
         #"{"intent":"referral.log","slots":{"from":"Wang Tong","to":"Li Na","to_company":"City Clinic"}}"#),
        ("王彤介绍了市诊所的李娜",
         #"{"intent":"referral.log","slots":{"from":"王彤","to":"李娜","to_company":"市诊所"}}"#),
    ]

    @Test(arguments: cases)
    func parses(_ text: String, _ json: String) {
        #expect(Fixture.json(text) == json, "\(text)")
    }

    /// The intent each line of the scripted demo must parse to on its own
    /// (HospitalStoryTests checks the bot's replies; this keeps the parse from
    /// regressing). "ask" marks the line whose required `who` is missing so
    /// the bot asks; "answer" the line that answers it (not parsed alone).
    static let demoExpectations: [String] = [
        "help", "customer.add", "contact.add", "contact.add", "contact.profile", "contact.profile",
        "ask:activity.log", "answer", "activity.log", "customer.update", "customer.update", "customer.update",
        "objection.log", "task.add", "task.add", "order.record", "payment.record", "undo", "payment.record",
        "stage.set", "customer.show", "task.list", "task.done", "task.list", "pipeline.show", "none", "help",
    ]

    @Test(arguments: ["en", "zh"])
    func demoScriptParses(_ lang: String) throws {
        let text = try readText(Fixture.repositoryRoot + "/Scripts/demo/hospital-\(lang).txt")
        let lines = text.split(separator: "\n").map(String.init)
            .filter { !$0.trimmingSpaces().isEmpty && !$0.hasPrefix("#") }
        try #require(lines.count == Self.demoExpectations.count, "\(lang): \(lines.count) demo lines")
        for (line, expected) in zip(lines, Self.demoExpectations) where expected != "answer" {
            let parsed = Fixture.engine.parse(line, now: Fixture.now)
            if expected.hasPrefix("ask:") {
                #expect(parsed.intent == String(expected.dropFirst(4)), "\(lang): \(line)")
                #expect(!parsed.missing.isEmpty, "\(lang): \(line) should leave a required slot for the bot to ask")
            } else {
                #expect(parsed.intent == expected, "\(lang): \(line) → \(parsed.json.serialized)")
            }
        }
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" || s.first == "\r" { s = s.dropFirst() }
        while s.last == " " || s.last == "\t" || s.last == "\r" { s = s.dropLast() }
        return String(s)
    }
}

import CRMBot
import CRMDomain
import CRMIntents
import CRMSupport
import Testing

@Suite struct ActivityActionsTests {
    @Test func logVisitEnglishExactReply() async {
        let h = Harness()
        await h.seedHospital()
        let r = await h.say("log visit to Wang Tong: discussed the trial")
        #expect(r.ok)
        #expect(r.intent == "activity.log")
        #expect(r.text == "Logged visit with Wang Tong (Quanyu Hospital) on 2026-11-22: discussed the trial.")
        #expect(r.data["activity_id"]?.intValue != nil)
        #expect(r.data["customer"] == "Quanyu Hospital")
        #expect(r.data["type"] == "visit")
        #expect(r.data["date"] == "2026-11-22")
    }

    @Test func logVisitChineseExactReply() async {
        let h = Harness()
        await h.say("新建客户 全宇医院")
        await h.say("添加联系人 王彤 全宇医院 采购部主任")
        let r = await h.say("拜访了王彤，讨论试用")
        #expect(r.ok)
        #expect(r.text == "已记录2026-11-22与王彤（全宇医院）的拜访：讨论试用。")
    }

    @Test func dateFromTheParserIsUsed() async {
        let h = Harness()
        await h.seedHospital()
        let r = await h.say("called Zhou Hua yesterday about pricing")
        #expect(r.text == "Logged call with Zhou Hua (Quanyu Hospital) on 2026-11-21: about pricing.")
    }

    @Test func impossibleDateIsAskedAgain() async {
        let h = Harness()
        await h.seedHospital()
        let q = await h.say("log visit to Wang Tong on Feb 30")
        #expect(q.ok)
        #expect(q.text == "That date doesn't exist. Which date did you mean?")
        #expect(q.data["question"]?["slot"] == "date")
        let a = await h.say("yesterday")
        #expect(a.text == "Logged visit with Wang Tong (Quanyu Hospital) on 2026-11-21.")
    }

    @Test func typoAndPrefixNamesResolve() async {
        let h = Harness()
        await h.seedHospital()
        let typo = await h.say("log visit to Wnag Tong")
        #expect(typo.text == "Logged visit with Wang Tong (Quanyu Hospital) on 2026-11-22.")
        let prefix = await h.say("log visit to Wang")
        #expect(prefix.text == "Logged visit with Wang Tong (Quanyu Hospital) on 2026-11-22.")
    }

    @Test func ambiguousNameAsksANumberedQuestion() async {
        let h = Harness()
        await h.seedHospital()
        let q = await h.say("log call with Li Na")
        #expect(q.ok)
        #expect(q.text.hasPrefix("Which Li Na?\n1) Li Na — "))
        #expect(q.text.contains("Li Na — City Clinic"))
        #expect(q.text.contains("Li Na — Quanyu Hospital"))
        #expect(q.data["question"]?["choices"]?.arrayValue?.count == 2)
        let byCompany = await h.say("city clinic")
        #expect(byCompany.text == "Logged call with Li Na (City Clinic) on 2026-11-22.")

        await h.say("log call with Li Na")
        let choices = (await h.say("log call with Li Na")).data["question"]?["choices"]?.arrayValue ?? []
        let second = choices.count == 2 ? choices[1].stringValue ?? "" : ""
        let byNumber = await h.say("2")
        #expect(byNumber.ok)
        #expect(second.hasPrefix("Li Na — "))
        #expect(byNumber.text.contains("(\(second.dropFirst("Li Na — ".count)))"))
    }

    @Test func answerNamingTheCompanyPicks() async {
        let h = Harness()
        await h.seedHospital()
        await h.say("log call with Li Na")
        let r = await h.say("the one at Quanyu Hospital")
        #expect(r.text == "Logged call with Li Na (Quanyu Hospital) on 2026-11-22.")
    }

    @Test func personCustomerAndTheirProfileAreOneParty() async {
        let h = Harness()
        await h.say("add person Zhang San")
        await h.say("Zhang San is analytical")
        h.scripted.add("show Zhang San", "customer.show", [("who", "Zhang San")])
        let r = await h.say("show Zhang San")
        #expect(r.ok)
        #expect(r.text.contains("• Zhang San — analytical → bring hard evidence and detail, be precise"))
    }

    @Test func companyInTheMessageDisambiguates() async {
        let h = Harness()
        await h.seedHospital()
        let r = await h.say("log call with Li Na at City Clinic")
        #expect(r.text == "Logged call with Li Na (City Clinic) on 2026-11-22.")
    }

    @Test func unknownNameSuggestsHowToAdd() async {
        let h = Harness()
        await h.seedHospital()
        let r = await h.say("log visit to Nobody Here")
        #expect(!r.ok)
        #expect(r.error?.code == "not_found")
        #expect(r.text == "I don't know 'Nobody Here' yet — add them with: add contact Nobody Here at <company> (or: add customer Nobody Here)")
    }

    @Test func objectionAndReferral() async {
        let h = Harness()
        await h.seedHospital()
        let o = await h.say("Zhou Hua says they already have a supplier")
        #expect(o.text == "Noted objection from Zhou Hua (Quanyu Hospital): already has a supplier.")
        let existing = await h.say("Wang Tong referred City Clinic")
        #expect(existing.text == "Logged referral: Wang Tong (Quanyu Hospital) referred City Clinic.")
        #expect(existing.data["new_lead"] == false)
        let new = await h.say("Wang Tong referred Sun Li")
        #expect(new.data["new_lead"] == true)
        #expect(new.text.hasPrefix("Logged referral: Wang Tong (Quanyu Hospital) referred Sun Li. Sun Li is new, so I added them as a lead (#"))
        let card = await h.say("show Quanyu Hospital")
        #expect(card.text.contains("Referred: City Clinic, Sun Li"))
    }

    @Test func chineseObjectionReferralComplaint() async {
        let h = Harness()
        await h.say("新建客户 全宇医院")
        await h.say("添加联系人 王彤 全宇医院 采购部主任")
        await h.say("添加联系人 周华 全宇医院")
        let o = await h.say("周华说已经有供应商了")
        #expect(o.text == "已记录周华（全宇医院）的异议：已有供应商。")
        let r = await h.say("王彤介绍了李娜")
        #expect(r.text.hasPrefix("已记录转介绍：王彤（全宇医院）介绍了李娜。李娜是新客户，已添加为潜在客户（#"))
        let k = await h.say("全宇医院投诉：送货延迟")
        #expect(k.text.hasPrefix("已登记全宇医院的投诉#"))
        #expect(k.text.hasSuffix("：送货延迟。"))
    }

    @Test func complaintOpenAndResolve() async {
        let h = Harness()
        await h.seedHospital()
        let open = await h.say("complaint from Quanyu Hospital: delivery was late")
        let id = Harness.id(open, "complaint_id") ?? 0
        #expect(open.text == "Opened complaint #\(id) for Quanyu Hospital: delivery was late.")
        h.scripted.add("resolve complaint \(id): replaced the handsets", "complaint.resolve",
            [("ref", .number(Double(id))), ("note", "replaced the handsets")])
        let done = await h.say("resolve complaint \(id): replaced the handsets")
        #expect(done.text == "Complaint #\(id) (Quanyu Hospital) resolved: replaced the handsets. Follow up with the customer within a week (\"followed up complaint \(id): …\").")
        let again = await h.say("resolve complaint \(id): replaced the handsets")
        #expect(again.error?.code == "already_resolved")
        h.scripted.add("resolve complaint 999", "complaint.resolve", [("ref", .number(999))])
        let missing = await h.say("resolve complaint 999")
        #expect(missing.error?.code == "not_found")
    }

    @Test func funnelStageGradeQualify() async {
        let h = Harness()
        await h.seedHospital()
        let s = await h.say("move Quanyu Hospital to key")
        #expect(s.text == "Quanyu Hospital is now at stage key (was lead).")
        let g = await h.say("grade City Clinic B")
        #expect(g.text == "City Clinic graded B — needs follow-up (was —).")
        let q = await h.say("qualify City Clinic: money yes, authority yes, need no")
        #expect(q.text == "City Clinic: money yes, authority yes, need no — not qualified yet (needs money, authority and need).")
        #expect(q.data["qualified"] == false)
        let q2 = await h.say("City Clinic needs it after all")
        #expect(q2.text == "City Clinic: money yes, authority yes, need yes — qualified (MAN).")

        let z = Harness()
        await z.say("新建客户 全宇医院")
        #expect((await z.say("把全宇医院升为重点客户")).text == "全宇医院的阶段：重点客户（原为潜在客户）。")
        #expect((await z.say("全宇医院评为A级")).text == "全宇医院评为A级——近期可能成交（原为—）。")
        #expect((await z.say("全宇医院资格：有钱、有决策权、有需求")).text
            == "全宇医院：购买力是，决策权是，需求是——符合MAN条件，是合格的目标客户。")
    }
}

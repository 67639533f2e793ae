import CRMIntents
import CRMSupport
import Testing

/// The spec's catalog examples verbatim, with the full `crmbot parse` JSON,
/// at Sunday 2026-11-22 09:30.
@Suite struct IntentMatcherTests {
    static let english: [(String, String)] = [
        ("acknowledge complaint 3: called them, replacement on the way", #"{"intent":"complaint.acknowledge","slots":{"ref":3,"note":"called them, replacement on the way"}}"#),
        ("followed up complaint 3: they are happy with the fix", #"{"intent":"complaint.followup","slots":{"ref":3,"note":"they are happy with the fix"}}"#),
        ("Li Ming reports to Zhang Wei", #"{"intent":"rep.update","slots":{"rep":"Li Ming","manager":"Zhang Wei"}}"#),
        ("make Zhang Wei a manager", #"{"intent":"rep.update","slots":{"rep":"Zhang Wei","role":"manager"}}"#),
        ("list reps", #"{"intent":"rep.list","slots":{}}"#),
        ("my team", #"{"intent":"rep.list","slots":{}}"#),
        ("Li Ming left the company", #"{"intent":"rep.deactivate","slots":{"rep":"Li Ming"}}"#),
        ("deactivate Li Ming", #"{"intent":"rep.deactivate","slots":{"rep":"Li Ming"}}"#),
        ("new deal with Quanyu Hospital: 200 phones, 500k, closing end of month", #"{"intent":"deal.add","slots":{"who":"Quanyu Hospital","amount":500000,"close":"2026-11-30","title":"200 phones"}}"#),
        ("City Clinic has a new opportunity worth 80k closing dec 15", #"{"intent":"deal.add","slots":{"who":"City Clinic","amount":80000,"close":"2026-12-15"}}"#),
        ("deal 3 is in negotiation", #"{"intent":"deal.update","slots":{"ref":3,"stage":"negotiation"}}"#),
        ("deal 3 is now 450k", #"{"intent":"deal.update","slots":{"ref":3,"amount":450000}}"#),
        ("deal 3 closes dec 20", #"{"intent":"deal.update","slots":{"ref":3,"close":"2026-12-20"}}"#),
        ("deal 3 probability 60%", #"{"intent":"deal.update","slots":{"ref":3,"probability":60}}"#),
        ("won deal 3: signed today", #"{"intent":"deal.won","slots":{"ref":3,"note":"signed today"}}"#),
        ("lost deal 3: they went with a competitor", #"{"intent":"deal.lost","slots":{"ref":3,"reason":"they went with a competitor"}}"#),
        ("my deals", #"{"intent":"deal.list","slots":{}}"#),
        ("deals for Quanyu Hospital", #"{"intent":"deal.list","slots":{"who":"Quanyu Hospital"}}"#),
        ("forecast this quarter", #"{"intent":"forecast.show","slots":{"period":"quarter"}}"#),
        ("forecast for Li Ming this month", #"{"intent":"forecast.show","slots":{"period":"month","rep":"Li Ming"}}"#),
        ("Li Ming's quota is 500k this month", #"{"intent":"quota.set","slots":{"rep":"Li Ming","amount":500000,"month":"2026-11-22"}}"#),
        ("add customer Quanyu Hospital", #"{"intent":"customer.add","slots":{"name":"Quanyu Hospital"}}"#),
        ("new company City Clinic in the north region",
         #"{"intent":"customer.add","slots":{"name":"City Clinic","kind":"company","region":"north"}}"#),
        ("add contact Wang Tong at Quanyu Hospital, head of purchasing",
         #"{"intent":"contact.add","slots":{"name":"Wang Tong","customer":"Quanyu Hospital","title":"head of purchasing"}}"#),
        ("show Wang Tong", #"{"intent":"customer.show","slots":{"who":"Wang Tong"}}"#),
        ("card for Quanyu Hospital", #"{"intent":"customer.show","slots":{"who":"Quanyu Hospital"}}"#),
        ("what did I do yesterday", #"{"intent":"activity.list","slots":{"date":"2026-11-21"}}"#),
        ("my activities this week", #"{"intent":"activity.list","slots":{"period":"week"}}"#),
        ("history with Wang Tong", #"{"intent":"customer.history","slots":{"who":"Wang Tong"}}"#),
        ("timeline for Quanyu Hospital", #"{"intent":"customer.history","slots":{"who":"Quanyu Hospital"}}"#),
        ("search dental", #"{"intent":"search","slots":{"query":"dental"}}"#),
        ("show my contacts", #"{"intent":"contact.list","slots":{}}"#),
        ("contacts at Quanyu Hospital", #"{"intent":"contact.list","slots":{"who":"Quanyu Hospital"}}"#),
        ("order 5 was 12k", #"{"intent":"order.correct","slots":{"ref":5,"amount":12000}}"#),
        ("change the date of order 5 to nov 3", #"{"intent":"order.correct","slots":{"ref":5,"date":"2026-11-03"}}"#),
        ("delete order 5", #"{"intent":"order.delete","slots":{"ref":5}}"#),
        ("order 5 was a mistake", #"{"intent":"order.delete","slots":{"ref":5}}"#),
        ("show orders for Quanyu Hospital", #"{"intent":"order.list","slots":{"who":"Quanyu Hospital"}}"#),
        ("payment 3 was 6k", #"{"intent":"payment.correct","slots":{"ref":3,"amount":6000}}"#),
        ("delete payment 3", #"{"intent":"payment.delete","slots":{"ref":3}}"#),
        ("search notes for warranty", #"{"intent":"search","slots":{"query":"warranty"}}"#),
        ("which visits mention the trial", #"{"intent":"search","slots":{"query":"the trial"}}"#),
        ("Wang Tong's phone is 13800001111",
         #"{"intent":"customer.update","slots":{"who":"Wang Tong","field":"phone","value":"13800001111"}}"#),
        ("set Quanyu Hospital credit limit to 200k",
         #"{"intent":"customer.update","slots":{"who":"Quanyu Hospital","field":"credit_limit","value":200000}}"#),
        ("Wang Tong's birthday is May 3",
         #"{"intent":"customer.update","slots":{"who":"Wang Tong","field":"birthday","value":"2027-05-03"}}"#),
        ("Wang Tong is the decision maker", #"{"intent":"contact.profile","slots":{"who":"Wang Tong","role":"decider"}}"#),
        ("Zhou Hua cares about logic and safety",
         #"{"intent":"contact.profile","slots":{"who":"Zhou Hua","needs":["logic","safety"]}}"#),
        ("list key accounts", #"{"intent":"customer.list","slots":{"tier":"key"}}"#),
        ("my prospects in the north", #"{"intent":"customer.list","slots":{"stage":"prospect","region":"north"}}"#),
        ("log visit to Wang Tong: discussed the trial",
         #"{"intent":"activity.log","slots":{"type":"visit","who":"Wang Tong","note":"discussed the trial"}}"#),
        ("called Zhou Hua yesterday about pricing",
         #"{"intent":"activity.log","slots":{"type":"call","who":"Zhou Hua","date":"2026-11-21","note":"pricing"}}"#),
        // What was given is the note too.
        ("sent Wang Tong a birthday gift",
         #"{"intent":"activity.log","slots":{"type":"gift","who":"Wang Tong","note":"birthday gift"}}"#),
        ("Zhou Hua says they already have a supplier",
         #"{"intent":"objection.log","slots":{"who":"Zhou Hua","kind":"has_supplier"}}"#),
        ("complaint from Quanyu Hospital: delivery was late",
         #"{"intent":"complaint.open","slots":{"who":"Quanyu Hospital","note":"delivery was late"}}"#),
        ("resolve complaint 3: replaced the handsets",
         #"{"intent":"complaint.resolve","slots":{"ref":3,"note":"replaced the handsets"}}"#),
        ("Quanyu Hospital ordered 50 phones for 120k",
         #"{"intent":"order.record","slots":{"who":"Quanyu Hospital","amount":120000,"quantity":50,"item":"phones"}}"#),
        ("Quanyu Hospital paid 60k", #"{"intent":"payment.record","slots":{"who":"Quanyu Hospital","amount":60000}}"#),
        ("Wang Tong referred Li Na of City Clinic",
         #"{"intent":"referral.log","slots":{"from":"Wang Tong","to":"Li Na","to_company":"City Clinic"}}"#),
        ("move Quanyu Hospital to key", #"{"intent":"stage.set","slots":{"who":"Quanyu Hospital","stage":"key"}}"#),
        ("mark City Clinic as lost", #"{"intent":"stage.set","slots":{"who":"City Clinic","stage":"lost"}}"#),
        ("grade City Clinic B", #"{"intent":"prospect.grade","slots":{"who":"City Clinic","grade":"B"}}"#),
        ("qualify City Clinic: money yes, authority yes, need no",
         #"{"intent":"qualify","slots":{"who":"City Clinic","money":"yes","authority":"yes","need":"no"}}"#),
        ("remind me to call Zhou Hua next Tuesday",
         #"{"intent":"task.add","slots":{"what":"call Zhou Hua","who":"Zhou Hua","due":"2026-11-24"}}"#),
        ("follow up with Wang Tong in 3 days",
         #"{"intent":"task.add","slots":{"what":"follow up with Wang Tong","who":"Wang Tong","due":"2026-11-25"}}"#),
        ("what's due today", #"{"intent":"task.list","slots":{"range":"today"}}"#),
        ("my tasks this week", #"{"intent":"task.list","slots":{"range":"week"}}"#),
        ("done 3", #"{"intent":"task.done","slots":{"ref":3}}"#),
        ("finished task 3", #"{"intent":"task.done","slots":{"ref":3}}"#),
        ("cancel task 9", #"{"intent":"task.cancel","slots":{"ref":9}}"#),
        ("drop todo 4", #"{"intent":"task.cancel","slots":{"ref":4}}"#),
        ("reschedule task 9 to friday 3pm", #"{"intent":"task.reschedule","slots":{"ref":9,"due":"2026-11-27T15:00"}}"#),
        ("snooze 4 until monday", #"{"intent":"task.reschedule","slots":{"ref":4,"due":"2026-11-23"}}"#),
        ("change task 9 to call Zhou Hua", #"{"intent":"task.edit","slots":{"ref":9,"what":"call Zhou Hua"}}"#),
        ("what should I do today", #"{"intent":"briefing","slots":{"date":"2026-11-22"}}"#),
        ("morning briefing", #"{"intent":"briefing","slots":{}}"#),
        ("who is at risk", #"{"intent":"risk.list","slots":{}}"#),
        ("any churn risk?", #"{"intent":"risk.list","slots":{}}"#),
        ("warnings", #"{"intent":"risk.list","slots":{}}"#),
        ("who needs to reorder soon", #"{"intent":"reorder.due","slots":{}}"#),
        ("who runs out this week", #"{"intent":"reorder.due","slots":{}}"#),
        ("who are my most valuable customers", #"{"intent":"tier.list","slots":{}}"#),
        ("80/20", #"{"intent":"tier.list","slots":{}}"#),
        ("pipeline", #"{"intent":"pipeline.show","slots":{}}"#),
        ("show the funnel", #"{"intent":"pipeline.show","slots":{}}"#),
        ("upcoming birthdays", #"{"intent":"birthday.list","slots":{}}"#),
        ("how loyal is Quanyu Hospital", #"{"intent":"loyalty.show","slots":{"who":"Quanyu Hospital"}}"#),
        ("weekly report", #"{"intent":"report.show","slots":{"period":"week"}}"#),
        ("report for Li Ming this month", #"{"intent":"report.show","slots":{"period":"month","rep":"Li Ming"}}"#),
        ("hand over Li Ming's accounts to Zhang Wei", #"{"intent":"handover","slots":{"from":"Li Ming","to":"Zhang Wei"}}"#),
        ("add rep Zhang Wei as manager", #"{"intent":"rep.add","slots":{"name":"Zhang Wei","role":"manager"}}"#),
        ("undo", #"{"intent":"undo","slots":{}}"#),
        ("undo that", #"{"intent":"undo","slots":{}}"#),
        ("help", #"{"intent":"help","slots":{}}"#),
        ("remove alias QH from Quanyu Hospital", #"{"intent":"alias.remove","slots":{"who":"Quanyu Hospital","alias":"QH"}}"#),
        ("move Wang Tong to City Clinic", #"{"intent":"contact.move","slots":{"who":"Wang Tong","to":"City Clinic"}}"#),
        ("delete customer City Clinic", #"{"intent":"customer.delete","slots":{"who":"City Clinic"}}"#),
        ("restore City Clinic", #"{"intent":"customer.restore","slots":{"who":"City Clinic"}}"#),
        ("merge Quanyu Hosp into Quanyu Hospital", #"{"intent":"customer.merge","slots":{"from":"Quanyu Hosp","to":"Quanyu Hospital"}}"#),
        ("give task 9 to Li Ming", #"{"intent":"task.reassign","slots":{"ref":9,"rep":"Li Ming"}}"#),
        ("help visits", #"{"intent":"help","slots":{"topic":"visits"}}"#),
        ("what can you do", #"{"intent":"help","slots":{}}"#),
    ]

    static let chinese: [(String, String)] = [
        ("投诉3已确认：已经跟客户道歉", #"{"intent":"complaint.acknowledge","slots":{"ref":3,"note":"已经跟客户道歉"}}"#),
        ("投诉3已回访：客户很满意", #"{"intent":"complaint.followup","slots":{"ref":3,"note":"客户很满意"}}"#),
        ("李明归张伟管", #"{"intent":"rep.update","slots":{"rep":"李明","manager":"张伟"}}"#),
        ("把张伟设为经理", #"{"intent":"rep.update","slots":{"rep":"张伟","role":"manager"}}"#),
        ("团队成员", #"{"intent":"rep.list","slots":{}}"#),
        ("我的团队", #"{"intent":"rep.list","slots":{}}"#),
        ("李明离职了", #"{"intent":"rep.deactivate","slots":{"rep":"李明"}}"#),
        ("停用李明", #"{"intent":"rep.deactivate","slots":{"rep":"李明"}}"#),
        ("全宇医院有个商机，50万，月底成交", #"{"intent":"deal.add","slots":{"who":"全宇医院","amount":500000,"close":"2026-11-30"}}"#),
        ("新建商机：市诊所，8万，12月15号签约", #"{"intent":"deal.add","slots":{"who":"市诊所","amount":80000,"close":"2026-12-15"}}"#),
        ("商机3进入谈判阶段", #"{"intent":"deal.update","slots":{"ref":3,"stage":"negotiation"}}"#),
        ("商机3金额改成45万", #"{"intent":"deal.update","slots":{"ref":3,"amount":450000}}"#),
        ("商机3预计12月20号签约", #"{"intent":"deal.update","slots":{"ref":3,"close":"2026-12-20"}}"#),
        ("商机3赢单了", #"{"intent":"deal.won","slots":{"ref":3}}"#),
        ("商机3丢单了，原因是价格", #"{"intent":"deal.lost","slots":{"ref":3,"reason":"价格"}}"#),
        ("我的商机", #"{"intent":"deal.list","slots":{}}"#),
        ("全宇医院的商机", #"{"intent":"deal.list","slots":{"who":"全宇医院"}}"#),
        ("本季度预测", #"{"intent":"forecast.show","slots":{"period":"quarter"}}"#),
        ("李明本月的销售预测", #"{"intent":"forecast.show","slots":{"period":"month","rep":"李明"}}"#),
        ("李明本月指标50万", #"{"intent":"quota.set","slots":{"rep":"李明","amount":500000,"month":"2026-11-22"}}"#),
        ("新建客户 全宇医院", #"{"intent":"customer.add","slots":{"name":"全宇医院"}}"#),
        ("昨天我做了什么", #"{"intent":"activity.list","slots":{"date":"2026-11-21"}}"#),
        ("本周我做了什么", #"{"intent":"activity.list","slots":{"period":"week"}}"#),
        ("王彤的往来记录", #"{"intent":"customer.history","slots":{"who":"王彤"}}"#),
        ("全宇医院的历史记录", #"{"intent":"customer.history","slots":{"who":"全宇医院"}}"#),
        ("搜索牙科", #"{"intent":"search","slots":{"query":"牙科"}}"#),
        ("我的联系人", #"{"intent":"contact.list","slots":{}}"#),
        ("全宇医院的联系人", #"{"intent":"contact.list","slots":{"who":"全宇医院"}}"#),
        ("订单5改成1.2万", #"{"intent":"order.correct","slots":{"ref":5,"amount":12000}}"#),
        ("订单5的日期改成11月3号", #"{"intent":"order.correct","slots":{"ref":5,"date":"2026-11-03"}}"#),
        ("删除订单5", #"{"intent":"order.delete","slots":{"ref":5}}"#),
        ("订单5作废", #"{"intent":"order.delete","slots":{"ref":5}}"#),
        ("全宇医院的订单", #"{"intent":"order.list","slots":{"who":"全宇医院"}}"#),
        ("回款3改成6万", #"{"intent":"payment.correct","slots":{"ref":3,"amount":60000}}"#),
        ("删除回款3", #"{"intent":"payment.delete","slots":{"ref":3}}"#),
        ("哪些记录提到了试用", #"{"intent":"search","slots":{"query":"试用"}}"#),
        ("在备注里搜一下价格", #"{"intent":"search","slots":{"query":"价格"}}"#),
        ("添加客户市诊所，华北区", #"{"intent":"customer.add","slots":{"name":"市诊所","region":"华北"}}"#),
        ("添加联系人 王彤 全宇医院 采购部主任",
         #"{"intent":"contact.add","slots":{"name":"王彤","customer":"全宇医院","title":"采购部主任"}}"#),
        ("查看王彤", #"{"intent":"customer.show","slots":{"who":"王彤"}}"#),
        ("全宇医院的资料", #"{"intent":"customer.show","slots":{"who":"全宇医院"}}"#),
        ("王彤的电话是13800001111", #"{"intent":"customer.update","slots":{"who":"王彤","field":"phone","value":"13800001111"}}"#),
        ("把全宇医院的信用额度设为20万",
         #"{"intent":"customer.update","slots":{"who":"全宇医院","field":"credit_limit","value":200000}}"#),
        ("王彤是决策者", #"{"intent":"contact.profile","slots":{"who":"王彤","role":"decider"}}"#),
        ("周华看重逻辑和安全", #"{"intent":"contact.profile","slots":{"who":"周华","needs":["logic","safety"]}}"#),
        ("列出关键客户", #"{"intent":"customer.list","slots":{"tier":"key"}}"#),
        ("我在华北的可能客户", #"{"intent":"customer.list","slots":{"stage":"prospect","region":"华北"}}"#),
        ("拜访了王彤，讨论试用", #"{"intent":"activity.log","slots":{"type":"visit","who":"王彤","note":"讨论试用"}}"#),
        ("昨天给周华打了电话", #"{"intent":"activity.log","slots":{"type":"call","who":"周华","date":"2026-11-21"}}"#),
        ("周华说已经有供应商了", #"{"intent":"objection.log","slots":{"who":"周华","kind":"has_supplier"}}"#),
        ("全宇医院投诉：送货延迟", #"{"intent":"complaint.open","slots":{"who":"全宇医院","note":"送货延迟"}}"#),
        ("投诉3已解决：更换了手机", #"{"intent":"complaint.resolve","slots":{"ref":3,"note":"更换了手机"}}"#),
        ("全宇医院订了50部手机，12万",
         #"{"intent":"order.record","slots":{"who":"全宇医院","amount":120000,"quantity":50,"item":"手机"}}"#),
        ("全宇医院回款6万", #"{"intent":"payment.record","slots":{"who":"全宇医院","amount":60000}}"#),
        ("王彤介绍了市诊所的李娜", #"{"intent":"referral.log","slots":{"from":"王彤","to":"李娜","to_company":"市诊所"}}"#),
        ("把全宇医院升为重点客户", #"{"intent":"stage.set","slots":{"who":"全宇医院","stage":"key"}}"#),
        ("市诊所评为A级", #"{"intent":"prospect.grade","slots":{"who":"市诊所","grade":"A"}}"#),
        ("市诊所资格：有钱、有决策权、没有需求",
         #"{"intent":"qualify","slots":{"who":"市诊所","money":"yes","authority":"yes","need":"no"}}"#),
        ("下周二提醒我给周华打电话", #"{"intent":"task.add","slots":{"what":"给周华打电话","who":"周华","due":"2026-11-24"}}"#),
        ("三天后跟进王彤", #"{"intent":"task.add","slots":{"what":"跟进王彤","who":"王彤","due":"2026-11-25"}}"#),
        ("今天有什么任务", #"{"intent":"task.list","slots":{"range":"today"}}"#),
        ("本周待办", #"{"intent":"task.list","slots":{"range":"week"}}"#),
        ("任务3完成", #"{"intent":"task.done","slots":{"ref":3}}"#),
        ("取消任务9", #"{"intent":"task.cancel","slots":{"ref":9}}"#),
        ("任务9不做了", #"{"intent":"task.cancel","slots":{"ref":9}}"#),
        ("任务9推迟到下周一", #"{"intent":"task.reschedule","slots":{"ref":9,"due":"2026-11-23"}}"#),
        ("把任务3改到周五下午两点", #"{"intent":"task.reschedule","slots":{"ref":3,"due":"2026-11-27T14:00"}}"#),
        ("任务9改成给周华打电话", #"{"intent":"task.edit","slots":{"ref":9,"what":"给周华打电话"}}"#),
        ("今天该做什么", #"{"intent":"briefing","slots":{"date":"2026-11-22"}}"#),
        ("哪些客户有流失风险", #"{"intent":"risk.list","slots":{}}"#),
        ("预警", #"{"intent":"risk.list","slots":{}}"#),
        ("谁快要补货了", #"{"intent":"reorder.due","slots":{}}"#),
        ("客户分级", #"{"intent":"tier.list","slots":{}}"#),
        ("二八分析", #"{"intent":"tier.list","slots":{}}"#),
        ("销售漏斗", #"{"intent":"pipeline.show","slots":{}}"#),
        ("最近谁过生日", #"{"intent":"birthday.list","slots":{}}"#),
        ("全宇医院的忠诚度", #"{"intent":"loyalty.show","slots":{"who":"全宇医院"}}"#),
        ("本月报告", #"{"intent":"report.show","slots":{"period":"month"}}"#),
        ("把李明的客户交接给张伟", #"{"intent":"handover","slots":{"from":"李明","to":"张伟"}}"#),
        ("添加销售张伟，经理", #"{"intent":"rep.add","slots":{"name":"张伟","role":"manager"}}"#),
        ("撤销", #"{"intent":"undo","slots":{}}"#),
        ("帮助", #"{"intent":"help","slots":{}}"#),
        ("删除全宇医院的别名全宇", #"{"intent":"alias.remove","slots":{"who":"全宇医院","alias":"全宇"}}"#),
        ("把王彤调到市诊所", #"{"intent":"contact.move","slots":{"who":"王彤","to":"市诊所"}}"#),
        ("删除客户市诊所", #"{"intent":"customer.delete","slots":{"who":"市诊所"}}"#),
        ("恢复市诊所", #"{"intent":"customer.restore","slots":{"who":"市诊所"}}"#),
        ("把全宇医院二部合并到全宇医院", #"{"intent":"customer.merge","slots":{"from":"全宇医院二部","to":"全宇医院"}}"#),
        ("把任务9交给李明", #"{"intent":"task.reassign","slots":{"ref":9,"rep":"李明"}}"#),
    ]

    @Test(arguments: english)
    func englishSpecExamples(_ text: String, _ json: String) {
        let parsed = Fixture.engine.parse(text, now: Fixture.now)
        #expect(parsed.json.serialized == json)
        #expect(parsed.language == .en)
        #expect(parsed.missing.isEmpty, "\(text) missing \(parsed.missing)")
    }

    @Test(arguments: chinese)
    func chineseSpecExamples(_ text: String, _ json: String) {
        let parsed = Fixture.engine.parse(text, now: Fixture.now)
        #expect(parsed.json.serialized == json)
        #expect(parsed.language == .zh)
        #expect(parsed.missing.isEmpty, "\(text) missing \(parsed.missing)")
    }

    @Test func specExamplesCoverEveryIntentInBothLanguages() {
        let en = Set(Self.english.map { Fixture.engine.parse($0.0, now: Fixture.now).intent })
        let zh = Set(Self.chinese.map { Fixture.engine.parse($0.0, now: Fixture.now).intent })
        #expect(en == Set(IntentCatalog.names))
        #expect(zh == Set(IntentCatalog.names).subtracting(["help"]).union(["help"]))
    }

    @Test func missingRequiredSlotIsNotAFailure() {
        let p = Fixture.engine.parse("log a visit", now: Fixture.now)
        #expect(p.intent == "activity.log")
        #expect(p.json.serialized == #"{"intent":"activity.log","slots":{"type":"visit"}}"#)
        #expect(p.missing == ["who"])
        let zh = Fixture.engine.parse("记录一次拜访", now: Fixture.now)
        #expect(zh.intent == "activity.log")
        #expect(zh.missing == ["who"])
        let add = Fixture.engine.parse("add customer", now: Fixture.now)
        #expect(add.intent == "customer.add" && add.missing == ["name"])
    }

    @Test(arguments: [
        // A call dated tomorrow is a plan: the task to make it, never a logged call.
        ("pls log a call w/ Zhou Hua tmrw", #"{"intent":"task.add","slots":{"what":"log a call w/ Zhou Hua","who":"Zhou Hua","due":"2026-11-23"}}"#),
        ("log mtg with Wang Tong yesterday: talked about the GSM trial",
         #"{"intent":"activity.log","slots":{"type":"meeting","who":"Wang Tong","date":"2026-11-21","note":"talked about the GSM trial"}}"#),
        ("can you log visit to Wang Tong discussed the trial",
         #"{"intent":"activity.log","slots":{"type":"visit","who":"Wang Tong","note":"discussed the trial"}}"#),
        ("Log visit to Wang Tong：discussed the trial",
         #"{"intent":"activity.log","slots":{"type":"visit","who":"Wang Tong","note":"discussed the trial"}}"#),
        ("remnd me to call Zhou Hua tomorrow", #"{"intent":"task.add","slots":{"what":"call Zhou Hua","who":"Zhou Hua","due":"2026-11-23"}}"#),
        ("complant from City Clinic: late again", #"{"intent":"complaint.open","slots":{"who":"City Clinic","note":"late again"}}"#),
        ("pipline", #"{"intent":"pipeline.show","slots":{}}"#),
        ("请帮我查看王彤", #"{"intent":"customer.show","slots":{"who":"王彤"}}"#),
        ("拜访了王彤：讨论试用", #"{"intent":"activity.log","slots":{"type":"visit","who":"王彤","note":"讨论试用"}}"#),
        ("visited quanyu hospital today",
         #"{"intent":"activity.log","slots":{"type":"visit","who":"quanyu hospital","date":"2026-11-22"}}"#),
    ])
    func toleratesHowRepsType(_ text: String, _ json: String) {
        #expect(Fixture.json(text) == json)
    }

    @Test func impossibleDateIsReportedNotDropped() {
        let p = Fixture.engine.parse("remind me to call Li Na on Feb 30", now: Fixture.now)
        #expect(p.intent == "task.add")
        #expect(p[slot: "due"] == nil)
        #expect(p.invalid == [ParsedIntent.InvalidSlot(slot: "due", text: "on Feb 30")])
        #expect(p.missing.isEmpty)
        let zh = Fixture.engine.parse("2月30日提醒我给周华打电话", now: Fixture.now)
        #expect(zh.intent == "task.add")
        #expect(zh.invalid.map(\.slot) == ["due"])
    }

    @Test func unrecognisedTextSuggestsClosestIntents() {
        let p = Fixture.engine.parse("pipelines funnel status thing please now ok", now: Fixture.now)
        #expect(p.intent == "none" || p.intent == "pipeline.show")
        // The model may read it as a complaint, but only as its own guess, which the bot confirms.
        let guess = Fixture.engine.parse("is the weather bad for a complaint", now: Fixture.now)
        #expect(guess.intent == "none" || guess.decidedBy == .model)
        let q = Fixture.engine.parseWithGrammar("is the weather bad for a complaint", now: Fixture.now)
        #expect(q.intent == "none")
        #expect(q.suggestions.first == "complaint.open")
        #expect(q.suggestions.count <= 3)
        let r = Fixture.engine.parse("zzz qqq xyzzy", now: Fixture.now)
        #expect(r.intent == "none" && r.suggestions.isEmpty)
        #expect(r.json.serialized == #"{"intent":"none","slots":{}}"#)
    }

    @Test func chineseMessageWithEnglishPhrasing() {
        #expect(Fixture.json("log visit to 王彤") == #"{"intent":"activity.log","slots":{"type":"visit","who":"王彤"}}"#)
    }

    @Test func slotAnswers() {
        let e = Fixture.engine
        let now = Fixture.now
        #expect(e.parseSlotAnswer("Wang Tong", intent: "activity.log", slot: "who", now: now) == .text("Wang Tong"))
        #expect(e.parseSlotAnswer("with Wang Tong", intent: "activity.log", slot: "who", now: now) == .text("Wang Tong"))
        #expect(e.parseSlotAnswer("next Tuesday", intent: "task.add", slot: "due", now: now)
            == .date(LocalDateTime(date: CivilDate(year: 2026, month: 11, day: 24)!)))
        #expect(e.parseSlotAnswer("下周二", intent: "task.add", slot: "due", now: now)
            == .date(LocalDateTime(date: CivilDate(year: 2026, month: 11, day: 24)!)))
        #expect(e.parseSlotAnswer("hello", intent: "task.add", slot: "due", now: now) == nil)
        #expect(e.parseSlotAnswer("12万", intent: "payment.record", slot: "amount", now: now) == .number(120_000))
        #expect(e.parseSlotAnswer("visit", intent: "activity.log", slot: "type", now: now) == .text("visit"))
        #expect(e.parseSlotAnswer("拜访", intent: "activity.log", slot: "type", now: now) == .text("visit"))
        #expect(e.parseSlotAnswer("logic and safety", intent: "contact.profile", slot: "needs", now: now)
            == .list(["logic", "safety"]))
        #expect(e.parseSlotAnswer("3", intent: "task.done", slot: "ref", now: now) == .number(3))
        #expect(e.parseSlotAnswer("x", intent: "no.such", slot: "who", now: now) == nil)
    }
}

import CRMIntents
import CRMSupport
import Testing

/// Where a captured name or text ends, read as reps type it: the words after
/// a name that are not part of it, a date or amount glued to a name's end, a
/// legal form that closes a name, an organisation word the phrasing cut in two.
/// Each case checks the slots that matter (a subset), at Sunday 2026-11-22 09:30.
@Suite struct SpanEdgeTests {
    static let cases: [(String, String, [String: String])] = [
        ("zoom w/ Westgate Mall mgmt today they want a proposal", "activity.log", ["who": "Westgate Mall"]),
        ("met luo xin at the trade show yesterday", "activity.log", ["who": "luo xin", "date": "2026-11-21"]),
        ("closed the deal w Vertex Software 340k", "order.record", ["who": "Vertex Software", "amount": "340000"]),
        ("Ironclad Security Inc reordered cameras today, 7,800", "order.record",
         ["who": "Ironclad Security Inc", "amount": "7800"]),
        ("Greenleaf Foods bought 40 cases of toner yesterday, 18k", "order.record",
         ["item": "cases of toner", "date": "2026-11-21", "amount": "18000"]),
        // Codes and numbers that are part of a name stay in it.
        ("add customer Serve Trial 6-1-10", "customer.add", ["name": "Serve Trial 6-1-10"]),
        // A new record's name is kept as written.
        ("add customer Blue Team Sports", "customer.add", ["name": "Blue Team Sports"]),
        ("add customer Acme Management Group", "customer.add", ["name": "Acme Management Group"]),
        ("新建客户 小林科技发展", "customer.add", ["name": "小林科技发展"]),
        ("Studio 54 ordered 20 chairs for 3k", "order.record", ["who": "Studio 54", "amount": "3000"]),
        ("visited Willow Creek Clinic and delivered the replacement probes", "activity.log",
         ["who": "Willow Creek Clinic", "note": "delivered the replacement probes"]),
        // A dash set apart by spaces is punctuation, never a minus sign.
        ("Greenleaf Foods settled the invoice - 18,000", "payment.record", ["amount": "18000"]),
        ("今天见了明达医药采购，他们想要样品", "activity.log", ["who": "明达医药"]),
        ("添加客户：鼎盛贸易有限公司", "customer.add", ["name": "鼎盛贸易有限公司"]),
        ("华美科技升级成重点客户", "stage.set", ["who": "华美科技", "stage": "key"]),
        ("明天别忘了给小林带样品", "task.add", ["who": "小林"]),
        ("下午跟Mike通了个电话", "activity.log", ["who": "Mike"]),
        // A person of a company is the name, the company fills `company` (the bot looks the
        // two up together, as that company's contact).
        ("上午拜访了瑞丰食品的郑敏", "activity.log", ["who": "郑敏", "company": "瑞丰食品"]),
        ("去瑞丰集团拜访了刘芳", "activity.log", ["who": "刘芳", "company": "瑞丰集团"]),
        ("拜访了Harbor Point的Emma，她在等总部审批", "activity.log", ["who": "Emma", "company": "Harbor Point"]),
        ("给天和医院的韩院长打了电话", "activity.log", ["who": "韩院长", "company": "天和医院"]),
        ("德润医药的李建军投诉售后响应太慢", "complaint.open", ["who": "李建军", "company": "德润医药"]),
        ("met Priya Nair at Lakeside Hospital yesterday", "activity.log", ["who": "Priya Nair", "company": "Lakeside Hospital"]),
        // …with 马, 高, 钱 among the family names, and right after the company without 的.
        ("上门拜访了博雅诊所的马骏，送了样品", "activity.log", ["who": "马骏", "company": "博雅诊所"]),
        ("和恒通药业黄丽吃了个饭 聊到他们想换供应商", "activity.log", ["who": "黄丽", "company": "恒通药业"]),
        ("给天佑药业蒋科长打电话 他这周出差", "activity.log", ["who": "蒋科长", "company": "天佑药业"]),
        ("华美科技升级成重点客户", "stage.set", ["who": "华美科技"]),
        // A place that is no organisation is not a company.
        ("met Priya Nair at Starbucks yesterday", "activity.log", ["who": "Priya Nair", "company": "-"]),
        // Lowercase words straight to an organisation word, and "from", name it too; lowercase
        // words that only reach one later are a place or a topic.
        ("visited dr patel at northgate clinic yday, they want a trial unit", "activity.log",
         ["who": "dr patel", "company": "northgate clinic", "note": "they want a trial unit"]),
        ("meeting with Nathan Wu from Bluewave Tech Ltd yesterday", "activity.log",
         ["who": "Nathan Wu", "company": "Bluewave Tech Ltd"]),
        ("called bob at home about the clinic", "activity.log", ["who": "bob", "company": "-"]),
        // Two or more capitalized words after "at" name an organisation, also as the place
        // before a note; "the office" does not.
        ("call w/ Joanne Price @ Beacon Insurance 11am yday, pricing discussion", "activity.log",
         ["who": "Joanne Price", "company": "Beacon Insurance", "date": "2026-11-21T11:00"]),
        ("cold called Jake Morrison at Ridgeway Motors, intro call", "activity.log",
         ["who": "Jake Morrison", "company": "Ridgeway Motors", "note": "intro call"]),
        ("called Tom at the office, no answer", "activity.log", ["who": "Tom", "company": "-", "note": "no answer"]),
        ("new order from Deccan Agro: 200 bags of fertiliser, Rs 3,40,000", "order.record",
         ["who": "Deccan Agro", "amount": "340000", "item": "bags of fertiliser"]),
        // A later name the name rules cut off is not taken from the tagger instead, nor the
        // end of an organisation's name.
        ("going to see greg at Orion Freight tmrw 2pm", "task.add", ["who": "greg"]),
        ("visited Bank of America yesterday", "activity.log", ["who": "Bank of America", "date": "2026-11-21"]),
        // A Chinese number word glued to digits goes on with them; an item that is only a
        // sum is the amount; money with a bare weekday came in on the last such day.
        ("order Acme 3万", "order.record", ["who": "Acme", "amount": "30000", "quantity": "-"]),
        ("order: Silverline Pharma Ltd, 50k, friday", "order.record",
         ["who": "Silverline Pharma Ltd", "amount": "50000", "item": "-", "date": "2026-11-20"]),
        ("collected 20k cash from cedar point clinic friday", "payment.record",
         ["who": "cedar point clinic", "amount": "20000", "date": "2026-11-20"]),
        // An emoji ends no note; an aside in brackets is its words; a day glued to 号 is no sum.
        ("sent tom okafor a bottle of wine for his bday 🍷", "activity.log",
         ["who": "tom okafor", "note": "bottle of wine for his bday"]),
        ("kestrel imaging ltd has a new contact - sam whitaker (IT manager)", "contact.add",
         ["name": "sam whitaker", "customer": "kestrel imaging ltd", "title": "IT manager"]),
        ("仁和医院有个新商机 检验科设备 80万 下个月15号签", "deal.add",
         ["who": "仁和医院", "title": "检验科设备", "amount": "800000", "close": "2026-12-15"]),
        ("提醒我每个月底给华康药业对账", "task.add", ["what": "给华康药业对账", "repeat": "month_end"]),
        // Corrections of a date in the order reps write them; money said to have come in
        // on a day of the month came in on the last such day.
        ("change payment 8 date to 11/19", "payment.correct", ["ref": "8", "date": "2026-11-19"]),
        ("order 22 date should be 11/17", "order.correct", ["ref": "22", "date": "2026-11-17"]),
        ("payment 11 actually came in on the 18th", "payment.correct", ["ref": "11", "date": "2026-11-18"]),
        ("followed up complaint 12, they're happy now", "complaint.followup", ["ref": "12", "note": "they're happy now"]),
        ("周杰1月份的quota定为一百万", "quota.set", ["rep": "周杰", "month": "2027-01-01", "amount": "1000000"]),
        // A removal said after the reason, and undo as reps say it, never delete a customer.
        ("order 23 was a mistake, pls remove", "order.delete", ["ref": "23"]),
        ("oops, scratch that last one", "undo", [:]),
        ("deactivate Sophie Turner's account", "rep.deactivate", ["rep": "Sophie Turner"]),
        ("note that Mr. Krishnan is the approver, and he's a powerful personality", "contact.profile",
         ["who": "Mr. Krishnan", "role": "approver"]),
        // Command words name no customer; a sum first, then who ordered.
        ("help deals", "help", ["topic": "deals"]),
        ("search: price increase", "search", ["query": "price increase"]),
        ("pls log an order of 250k from Brightwave Labs for 5 servers", "order.record",
         ["who": "Brightwave Labs", "amount": "250000", "quantity": "5", "item": "servers"]),
        ("第9个商机赢单", "deal.won", ["ref": "9"]),
        // A request read into another reading's free text is the request.
        ("haven't called Greg Whitfield yet, remind me monday", "task.add",
         ["who": "Greg Whitfield", "due": "2026-11-23"]),
        ("还没给老周打电话，周一提醒我", "task.add", ["what": "还没给老周打电话", "who": "老周", "due": "2026-11-23"]),
        ("don't need to call raj anymore, cancel task 6", "task.cancel", ["ref": "6"]),
        // Free text never begins with the marks that led to it.
        ("add task for dec 2: ping Lucy Tran re pilot results", "task.add",
         ["what": "ping Lucy Tran re pilot results", "due": "2026-12-02"]),
        ("won deal 4!! signed this morning", "deal.won", ["ref": "4", "note": "signed this morning"]),
        // What was sent or shown, then to whom; a role after the title is no part of it.
        ("emailed the proposal to marcus lee", "activity.log", ["type": "email", "who": "marcus lee", "note": "the proposal"]),
        ("new contact for Apex Rehab: Nina Kowalski, purchasing lead, she's the buyer", "contact.add",
         ["name": "Nina Kowalski", "customer": "Apex Rehab", "title": "purchasing lead", "role": "buyer"]),
        // What is searched for is the words, not the quotation marks or a question mark.
        ("grep notes for \"backorder\"", "search", ["query": "backorder"]),
        ("查找包含“退货”的记录", "search", ["query": "退货"]),
        ("which notes mention SSO?", "search", ["query": "SSO"]),
        // …but not what follows 的 without a family name or a title, nor a place with no person.
        ("周五前搞定博远科技的合同", "task.add", ["what": "搞定博远科技的合同", "who": "博远科技"]),
        ("去恒通物流走访了一趟，仓库在扩建", "activity.log", ["who": "恒通物流"]),
        ("今天上午去了鼎盛贸易有限公司，见了采购", "activity.log", ["who": "鼎盛贸易有限公司"]),
        // A task's date leaves its text, wherever it was said, with the word that led to it;
        // so do the words that only frame a task.
        ("ping Owen Price next friday about the PO", "task.add", ["what": "ping Owen Price about the PO", "due": "2026-11-27"]),
        ("I'll drop by Larkspur Hotels on thursday", "task.add", ["what": "drop by Larkspur Hotels", "due": "2026-11-26"]),
        ("I'll visit Apex Bio Labs thursday w/ the engineer", "task.add", ["what": "visit Apex Bio Labs w/ the engineer"]),
        ("提醒一下：28号找许总签字", "task.add", ["what": "找许总签字", "due": "2026-11-28"]),
        ("call Ken Sato every monday", "task.add", ["what": "call Ken Sato", "repeat": "weekly", "due": "2026-11-23"]),
        ("need to get the signed PO from Ironwood Mfg b4 end of month", "task.add",
         ["what": "get the signed PO from Ironwood Mfg", "due": "2026-11-30"]),
        // A name that goes on in capitals is not cut at a left-out comma, and free text
        // holds a word.
        ("new deal Redstone Pharma 1.5m", "deal.add", ["who": "Redstone Pharma", "amount": "1500000", "title": "-"]),
        ("new deal Redstone Pharma, 1.5m", "deal.add", ["who": "Redstone Pharma", "title": "-"]),
        ("new deal Acme Inc ERP upgrade 50k", "deal.add", ["who": "Acme Inc", "title": "ERP upgrade", "amount": "50000"]),
        ("new opportunity Lakeside Hospital MRI Upgrade 2m", "deal.add", ["who": "Lakeside Hospital", "title": "MRI Upgrade"]),
        ("add contact Julia Park at Sunvale Hospital, she's an end user", "contact.add",
         ["name": "Julia Park", "customer": "Sunvale Hospital", "role": "user"]),
        ("add Ben Carter to Harbor Point Ltd as a contact, he's the CFO", "contact.add",
         ["name": "Ben Carter", "customer": "Harbor Point Ltd", "title": "CFO"]),
        ("new contact: greg, ops manager @ Orion Freight", "contact.add",
         ["name": "greg", "customer": "Orion Freight", "title": "ops manager"]),
        ("sales plan for Sunvale Hospital is 2m", "customer.update",
         ["who": "Sunvale Hospital", "field": "sales_plan", "value": "2000000"]),
        // A Chinese name ends before 回电话, 吃饭, 最在乎 even where the words reach past what
        // was read; a title read in part is read whole; 催/找/问 lead a name; 前 after a due
        // date is part of it; 计划/打算 only frame a task.
        ("今天下午两点半给韩雪回电话", "task.add", ["what": "给韩雪回电话", "who": "韩雪", "due": "2026-11-22T14:30"]),
        ("今晚8点给王彤回个微信", "task.add", ["who": "王彤"]),
        ("林晓东最在乎权力和归属感", "contact.profile", ["who": "林晓东"]),
        ("陈院长最后签字批准", "contact.profile", ["who": "陈院长", "role": "approver"]),
        ("提醒我月底前催恒泰机械回款", "task.add", ["what": "催恒泰机械回款", "who": "恒泰机械", "due": "2026-11-30"]),
        ("计划下周四拜访海川电子", "task.add", ["what": "拜访海川电子", "due": "2026-11-26"]),
        ("月底要去星辰科技有限公司对账", "task.add", ["what": "去星辰科技有限公司对账", "due": "2026-11-30"]),
        ("把25号任务转给杨帆", "task.reassign", ["ref": "25", "rep": "杨帆"]),
        // A meal or a face-to-face 见面 is a meeting; typed fast: txt'd, emal; 跳到 moves a contact.
        ("和邓刚吃了个饭，关系拉近了不少", "activity.log", ["type": "meeting", "who": "邓刚"]),
        ("昨天下午和何伟见面，谈了续约", "activity.log", ["type": "meeting", "who": "何伟", "date": "2026-11-21"]),
        ("had lunch with Wang Tong, he mentioned budget approval in dec", "activity.log", ["type": "meeting", "who": "Wang Tong"]),
        ("txt'd raj about the delivery window", "activity.log", ["type": "message", "who": "raj"]),
        ("emal to dave re pricing tiers", "activity.log", ["type": "email", "who": "dave"]),
        ("给天润集团寄了合作函", "activity.log", ["type": "letter", "who": "天润集团"]),
        ("张伟跳到Northwind Labs了", "contact.move", ["who": "张伟", "to": "Northwind Labs"]),
        // A count and its measure word at either end of an item is the quantity.
        ("明德中学订了40把办公椅，共计4万8", "order.record", ["quantity": "40", "item": "办公椅", "amount": "48000"]),
        ("恒通物流订购扫码枪50把，¥85,000", "order.record", ["quantity": "50", "item": "扫码枪", "amount": "85000"]),
        ("Apex Dental下单了，30台，共8.5万", "order.record", ["quantity": "30", "amount": "85000"]),
        // A form's label is no name: 拜访记录：X, 客户投诉：X, 记一笔订单：X; 拍板的是X; 他朋友 leads a name.
        ("拜访记录：金帆物流，仓库在扩建", "activity.log", ["type": "visit", "who": "金帆物流", "note": "仓库在扩建"]),
        ("客户投诉：金桥酒店，空调安装不到位", "complaint.open", ["who": "金桥酒店", "note": "空调安装不到位"]),
        ("记一笔订单：瑞康医疗，试剂盒200盒，9万6", "order.record",
         ["who": "瑞康医疗", "quantity": "200", "item": "试剂盒", "amount": "96000"]),
        ("拍板的是陈磊", "contact.profile", ["who": "陈磊", "role": "decider"]),
        ("老王介绍了他朋友赵敏", "referral.log", ["from": "老王", "to": "赵敏"]),
        // A dash set apart by spaces ends a name; one inside a word does not. "met …" after a
        // visit is the note's own verb.
        ("log call jenny kwan - wants pricing for 20 units", "activity.log",
         ["who": "jenny kwan", "note": "wants pricing for 20 units"]),
        ("add contact Mary Smith-Jones at City Clinic", "contact.add", ["name": "Mary Smith-Jones"]),
        ("visited Sunvale Hospital today, met the new head nurse", "activity.log",
         ["who": "Sunvale Hospital", "note": "met the new head nurse"]),
        // 今晚 makes a bare hour an evening hour.
        ("提醒我今晚8点给老王发报价", "task.add", ["due": "2026-11-22T20:00", "who": "老王"]),
        ("明晚7点提醒我打给老王", "task.add", ["due": "2026-11-23T19:00"]),
        // An optional vocabulary slot the phrasing left empty: the one value the message names.
        ("Tom Becker makes the final call", "contact.profile", ["who": "Tom Becker", "role": "decider"]),
        ("黄工说报价太高了", "objection.log", ["who": "黄工", "kind": "price"]),
        // A visit dated after now is the task to make it, never a logged visit.
        ("大后天拜访刘芳", "task.add", ["who": "刘芳", "due": "2026-11-25"]),
        ("拜访了刘芳，聊了明年的采购计划", "activity.log", ["who": "刘芳"]),
        // A bare weekday in a message that says it was done is the last such day; without
        // a past tense it is the next, and the visit a task.
        ("visited them on friday", "activity.log", ["date": "2026-11-20"]),
        ("had a mtg with Brightside Pharmacy on friday, they want a volume discount", "activity.log",
         ["who": "Brightside Pharmacy", "date": "2026-11-20", "note": "they want a volume discount"]),
        ("周三拜访了新世纪超市，店长不在", "activity.log", ["who": "新世纪超市", "date": "2026-11-18"]),
        ("Quanyu Hospital ordered 50 phones for 120k on friday", "order.record", ["date": "2026-11-20"]),
        ("visit them on friday", "task.add", ["due": "2026-11-27"]),
        ("will visit them on friday", "task.add", ["due": "2026-11-27"]),
        // A later hour of today that does not say it was done is a plan.
        ("今晚8点给老陈发个微信", "task.add", ["who": "老陈", "due": "2026-11-22T20:00"]),
        // A Chinese comma never groups digits: 2万4 is the amount and 30台 the quantity.
        ("金城医院昨天下了个单，2万4，30台血压计", "order.record", ["amount": "24000", "quantity": "30"]),
        // An amount at the start of an item is the amount.
        ("Lakeside Dental ordered $9,600 of whitening kits", "order.record", ["amount": "9600", "item": "whitening kits"]),
        ("刘总那边订了1.5w的货", "order.record", ["who": "刘总", "amount": "15000"]),
        // "at" ends a person's name, and a place before a note's colon is not the note.
        ("visited 王彤 at 全宇医院 today", "activity.log", ["who": "王彤"]),
        ("visited Dr. Patel at northwind dental: wants a quote for 12 chairs", "activity.log",
         ["who": "Dr. Patel", "note": "wants a quote for 12 chairs"]),
        // A possessive before a word the grammar does not know is inside a name; before a
        // field it is not.
        ("kim's auto parts ordered another 60 filters, 4.8k total", "order.record", ["who": "kim's auto parts", "amount": "4800"]),
        ("Wang Tong's phone is 13800001111", "customer.update", ["who": "Wang Tong", "field": "phone"]),
        // An amount after a comma ends an item; a lead word with no amount after it goes too.
        ("Hongda ordered 80 pallets, 64k, on monday", "order.record", ["amount": "64000", "item": "pallets"]),
        ("华联超市订了100箱矿泉水，共计1.5w", "order.record", ["amount": "15000", "item": "矿泉水"]),
        // A bare weekday at the end of an item, in a message that says it was done, is the date.
        ("Greenfield Farms took 500 bags of feed on friday, 22.5k", "order.record",
         ["date": "2026-11-20", "item": "bags of feed"]),
        ("payment 2 came in on friday", "payment.correct", ["ref": "2", "date": "2026-11-20"]),
        // The singular of a list slot is its first item, whoever read it.
        ("chen jing is a user and an influencer", "contact.profile", ["role": "user"]),
        // A lower-case name and one word the grammar does not know after it, with nothing
        // between, is a two-word name; with a colon between, a name and a note.
        ("called back li wei", "activity.log", ["who": "li wei"]),
        ("visited zhou hua", "activity.log", ["who": "zhou hua"]),
        ("log call with li: wei", "activity.log", ["who": "li", "note": "wei"]),
        // Found in review: a note of "at" and one word (a range that trapped); a done word
        // in another clause or a reminder idiom does not date a plan back; an order the
        // message says was placed stays an order; a full-width comma groups thousands but
        // never after 万; a correction's month and day stay as said; a person of a customer
        // after a possessive is not glued into its name; a product spec is not money.
        ("visited bob smith, at lunch", "activity.log", ["who": "bob smith"]),
        ("called Wang Tong: at office", "activity.log", ["who": "Wang Tong"]),
        ("周五拜访张总，别忘了", "task.add", ["due": "2026-11-27"]),
        ("visit Acme on friday, they had a problem with the printer", "task.add", ["due": "2026-11-27"]),
        ("Acme ordered 50 units for $5000 on friday, thanks", "order.record", ["who": "Acme", "date": "2026-11-20"]),
        ("华康医院回款12，000元", "payment.record", ["amount": "12000"]),
        ("金城医院下了个单，2万4，300台血压计", "order.record", ["amount": "24000", "quantity": "300"]),
        ("change the date of order 5 to dec 3", "order.correct", ["date": "2026-12-03"]),
        ("Bob's assistant called, wants a quote", "activity.log", ["who": "Bob"]),
        ("sold 4k tvs to Acme for $9000", "order.record", ["amount": "9000", "item": "4k tvs"]),
        ("Acme's alias is HDX, not HD", "customer.update", ["field": "alias"]),
        // The day a repeating task stops, in Chinese too (lexicon until_words; 直到 never
        // matched when the words were compared with one character).
        ("每周一给刘经理打电话，直到12月31日", "task.add", ["repeat": "weekly", "until": "2026-12-31"]),
        // A month and day within the next month stays ahead for a record (the bot asks), and
        // a record the message says was made is never silently made a task.
        ("Acme paid $5000 due dec 1", "payment.record", ["date": "2026-12-01"]),
        ("visited Wang Tong on dec 3", "activity.log", ["date": "2026-12-03"]),
        ("visited Wang Tong on March 5", "activity.log", ["date": "2026-03-05"]),
        // A typo is one letter off, not two: "rivera" is not "driver" (a style).
        ("alex rivera cares about safety", "contact.profile", ["who": "alex rivera", "needs": "[\"safety\"]"]),
        // A separator of several words between the items of a list.
        ("孙经理既是使用者又是影响者", "contact.profile", ["who": "孙经理", "role": "user"]),
        // Without a word of removal the model never reads an alias removal.
        ("Harbor Dental's alias is HDX", "customer.update", ["field": "alias", "value": "HDX"]),
        // The day of a month is never a probability, a quantity or an amount ("-": absent);
        // "25号任务" numbers a record, and "within 5 days" is a count of days.
        ("deal 7 now expected to close jan 20", "deal.update", ["ref": "7", "close": "2027-01-20", "probability": "-"]),
        ("deal 9: 40k, closing dec 12", "deal.update", ["ref": "9", "amount": "40000", "close": "2026-12-12", "probability": "-"]),
        ("把12号任务转给王磊", "task.reassign", ["ref": "12", "rep": "王磊"]),
        ("reorder calls due within 4 days", "reorder.due", ["within": "4"]),
        // A scale word a phrasing cut from its digits is no amount: "50|万" is not 10,000.
        ("恒达有个商机，60万，月底签", "deal.add", ["who": "恒达", "amount": "600000", "close": "2026-11-30"]),
        // A plan in another clause does not make the day of a meeting that was held a plan.
        ("had a call with Brightline Labs on tue, going to send samples", "activity.log", ["date": "2026-11-17"]),
        ("周二和李经理开了会，对方要下周报价", "activity.log", ["date": "2026-11-17"]),
        // A title without its full stop starts the name; a lowercase "the" before a
        // capitalized name is not part of it.
        ("dr kumar details pls", "customer.show", ["who": "dr kumar"]),
        ("show me the Lakeview Dental timeline", "customer.history", ["who": "Lakeview Dental"]),
        // A capitalized "The" inside the message before a capitalized word begins the name.
        ("add customer The Green Barn", "customer.add", ["name": "The Green Barn"]),
        // A separator never ends free text; a bare count at an item's start is the quantity.
        ("add task send the Lakeview quote, due fri", "task.add", ["what": "send the Lakeview quote", "due": "2026-11-27"]),
        ("待办：整理恒达的报价单，周四前", "task.add", ["what": "整理恒达的报价单"]),
        ("lakeview dental order: 3 autoclaves 12k", "order.record", ["quantity": "3", "item": "autoclaves", "amount": "12000"]),
        // A count before a singular word measures the thing, it does not count it.
        ("lakeview dental order: 2 year service plan 3k", "order.record", ["quantity": "-", "amount": "3000"]),
        // Renames, aliases, reasons after the list a customer leaves.
        ("Brightline Labs is also known as BLX", "customer.update", ["who": "Brightline Labs", "field": "alias", "value": "BLX"]),
        ("恒达贸易改名叫恒达国际了", "customer.update", ["who": "恒达贸易", "field": "name", "value": "恒达国际"]),
        ("remove Lakeview Dental from my customers, they moved away", "customer.delete",
         ["who": "Lakeview Dental", "reason": "they moved away"]),
        ("把恒达贸易删了，原因：重复录入", "customer.delete", ["who": "恒达贸易", "reason": "重复录入"]),
        ("new company Brightline Labs, industry biotech, region east", "customer.add",
         ["industry": "biotech", "region": "east"]),
        // Traditional characters are read as simplified ones (the name tables, and lexicon
        // script_variants for 週); the slots come back as written.
        ("拜訪了劉醫生，討論報價", "activity.log", ["type": "visit", "who": "劉醫生", "note": "討論報價"]),
        ("下週三提醒我給張經理打電話", "task.add", ["who": "張經理", "due": "2026-11-25"]),
        ("長興醫院訂了20臺監護儀，共計8萬", "order.record", ["who": "長興醫院", "amount": "80000", "quantity": "20"]),
        // 订购 is one verb; a weekday or a month's end after 提醒我每 repeats.
        ("恒达科技有限公司订购30套软件，十五万", "order.record", ["quantity": "30", "item": "软件", "amount": "150000"]),
        ("提醒我每周一给陈总汇报进度", "task.add", ["what": "给陈总汇报进度", "repeat": "weekly", "due": "2026-11-23"]),
        ("每个月月底提醒我对账", "task.add", ["what": "对账", "repeat": "month_end", "due": "2026-11-30"]),
        // 不是 and 这季度 end a name; the role a negation corrects to is the one read.
        ("吴敏不是决策者，只是影响者", "contact.profile", ["who": "吴敏", "role": "influencer"]),
        ("刘洋这季度的报告", "report.show", ["rep": "刘洋", "period": "quarter"]),
        // Typed fast: tday, visitd; asking when we last talked is the history.
        ("visitd Pinecrest Labs tday, met the lab manager", "activity.log",
         ["who": "Pinecrest Labs", "date": "2026-11-22"]),
        ("when did we last talk to Summit Dental Ltd?", "customer.history", ["who": "Summit Dental Ltd"]),
        ("上次跟华康医院联系是什么时候", "customer.history", ["who": "华康医院"]),
        // A later clause that opens with what the rep did says the weekday was the last one.
        ("Thursday demo at Birchwood Clinic, walked the nurses through the charting", "activity.log",
         ["who": "Birchwood Clinic", "date": "2026-11-19"]),
        ("Sat call w/ Omar Haddad, asked for the spec sheet", "activity.log", ["date": "2026-11-21"]),
        ("visit Acme on friday, they had a problem", "task.add", ["due": "2026-11-27"]),
        // An organisation right after the person is their company; the note starts after it.
        ("Spoke with Helen Park at Riverside Dental this morning, she needs a new quote", "activity.log",
         ["who": "Helen Park", "company": "Riverside Dental", "note": "she needs a new quote"]),
        ("called Ivy Chan (Northwind Traders) about the renewal", "activity.log",
         ["who": "Ivy Chan", "company": "Northwind Traders"]),
        ("visited Dr Osei, Kumasi Eye Clinic, brought the brochures", "activity.log",
         ["who": "Dr Osei", "company": "Kumasi Eye Clinic", "note": "brought the brochures"]),
        ("visited zhang wei at 恒通物流 yesterday, left samples", "activity.log",
         ["who": "zhang wei", "company": "恒通物流", "note": "left samples"]),
        ("called Tom from the airport, flight delayed", "activity.log", ["who": "Tom", "company": "-"]),
        // 下下 / 上上: the week after next, the week before last.
        ("下下周三提醒我给李总寄样品", "task.add", ["due": "2026-12-02", "who": "李总"]),
        ("上上周五拜访了恒通物流", "activity.log", ["date": "2026-11-06"]),
        ("will send the brochure to Acme tomorrow", "task.add", ["what": "send the brochure", "due": "2026-11-23"]),
        // A question about a fact reads the customer; a polite request still sets it.
        ("王彤的手机号是多少？", "customer.show", ["who": "王彤"]),
        ("李娜是影响者吗", "customer.show", ["who": "李娜"]),
        ("is Liu Fang the decision maker?", "customer.show", ["who": "Liu Fang"]),
        ("张主任是把关的，什么都得先过他", "contact.profile", ["who": "张主任", "role": "gatekeeper"]),
        ("can you set Acme's phone to 020-1234567?", "customer.update", ["who": "Acme", "value": "020-1234567"]),
        // A person the visit verb runs straight into, after a place that is an organisation.
        ("今天在全宇医院拜访了王彤", "activity.log", ["who": "王彤", "company": "全宇医院", "date": "2026-11-22"]),
        ("在Sunrise Dental见了Dr Lim，他要quotation", "activity.log",
         ["who": "Dr Lim", "company": "Sunrise Dental", "note": "他要quotation"]),
        ("拜访了全宇医院，王主任不在", "activity.log", ["who": "全宇医院", "company": "-"]),
        // Cantonese: 咗, 佢, 听日, 前日 read as their Mandarin words.
        ("聽日提醒我打俾陳生", "task.add", ["who": "陳生", "due": "2026-11-23"]),
        ("前日去咗新世紀醫院", "activity.log", ["who": "新世紀醫院", "date": "2026-11-20"]),
        // English around a Chinese name reads English phrasing; Chinese phrasing around English
        // words wins when it reads more.
        ("set sales plan for 市诊所 to 300k", "customer.update", ["who": "市诊所", "field": "sales_plan", "value": "300000"]),
        ("task 3 改成 email Dr Chen", "task.edit", ["ref": "3", "what": "email Dr Chen"]),
        // A Chinese name ends before a date set apart by a space; 升职 ends a name.
        ("order from 仁和诊所 11/20: 5 scanners, 85k", "order.record", ["who": "仁和诊所", "date": "2026-11-20"]),
        ("王彤升职了，现在的职位是副院长", "customer.update", ["who": "王彤", "value": "副院长"]),
        // A note loses the full stop that ends the message, not one of an abbreviation.
        ("Met Jane Foster yesterday. Went through the contract line by line.", "activity.log",
         ["note": "Went through the contract line by line"]),
        ("called Acme Inc. about the order from Widgets Co.", "activity.log", ["note": "the order from Widgets Co."]),
        ("oops wrong one, undo pls", "undo", [:]),
        ("task 15 不用做了", "task.cancel", ["ref": "15"]),
        // A gift read as the type is also the note; a letter's note is what it says.
        ("给彭院长送了生日礼物🎂", "activity.log", ["type": "gift", "note": "生日礼物"]),
        ("给何平寄了一封感谢信", "activity.log", ["type": "letter", "note": "感谢信"]),
        ("sent xu lan a handwritten letter thanking her for the order", "activity.log",
         ["note": "thanking her for the order"]),
        // Structured logs: type, person, company, date, note between dashes or commas.
        ("Zhou Hua @ Quanyu Hospital - call - wants the price list before friday", "activity.log",
         ["type": "call", "who": "Zhou Hua", "company": "Quanyu Hospital", "note": "wants the price list before friday"]),
        ("visit: 周华, 全宇医院, 11/21 3:30pm, she needs hard data", "activity.log",
         ["who": "周华", "company": "全宇医院", "date": "2026-11-21T15:30", "note": "she needs hard data"]),
        // A Chinese clause opening with a verb and 了 says the weekday was the last one; 他说了 does not.
        ("周四拜访黄总（海天集团），谈了年框", "activity.log",
         ["who": "黄总", "company": "海天集团", "date": "2026-11-19", "note": "谈了年框"]),
        ("周五拜访张总，他说了要样品", "task.add", ["due": "2026-11-27"]),
        ("周五拜访张总，别忘了", "task.add", ["due": "2026-11-27"]),
        // Asked whether it was done: the history, never a new record.
        ("did we get paid by Harbor Pharma?", "customer.history", ["who": "Harbor Pharma"]),
        ("华康药业回款了吗？", "customer.history", ["who": "华康药业"]),
        ("did a demo for Acme yesterday", "activity.log", ["type": "demo", "who": "Acme"]),
        // A Chinese name ends at the comma: what follows is the note.
        ("拜访了刘芳，聊了明年的采购计划", "activity.log", ["who": "刘芳", "note": "聊了明年的采购计划"]),
        // An organisation's possessive names its person; 口腔 ends an organisation's name.
        ("demo for Bright Dental's Sarah Lee on Fri went great", "activity.log",
         ["who": "Sarah Lee", "company": "Bright Dental"]),
        ("今天上午和东方口腔的孙丽开会，谈renewal", "activity.log", ["who": "孙丽", "company": "东方口腔"]),
        ("called kim's auto parts about the invoice", "activity.log", ["who": "kim's auto parts", "company": "-"]),
        // "what's" is no name's possessive; a day's possessive dates nothing.
        ("what's Acme's credit limit?", "customer.show", ["who": "Acme"]),
        // `within` counts days: weeks and months are converted.
        ("who needs to reorder within 2 weeks", "reorder.due", ["within": "14"]),
        ("两周内需要补货的客户", "reorder.due", ["within": "14"]),
        ("哪些客户10天内要补货", "reorder.due", ["within": "10"]),
        ("whatsapped Siti Rahman, confirmed tuesday's slot ok", "activity.log", ["who": "Siti Rahman", "date": "-"]),
        // "remind我" is 提醒我 in a Chinese message; the English verb is no part of the task.
        ("remind我明天给王彤打电话", "task.add", ["what": "给王彤打电话", "who": "王彤", "due": "2026-11-23"]),
        // "所有新商机" lists a customer's deals; it adds none.
        ("全宇医院所有新商机", "deal.list", ["who": "全宇医院"]),
        // 20/11 has no 20th month: it is 20 November.
        ("visited layla nasser at zenith biotech on 20/11, showed the catalogue", "activity.log",
         ["who": "layla nasser", "company": "zenith biotech", "date": "2026-11-20", "note": "showed the catalogue"]),
        ("email to Sam Reid 19/11/2026: brochure", "activity.log", ["date": "2026-11-19"]),
        // A person and their organisation after "at" may run past six words.
        ("visited dr aisha rahman at al noor hospital yesterday she wants a demo", "activity.log",
         ["who": "dr aisha rahman", "company": "al noor hospital", "date": "2026-11-21", "note": "she wants a demo"]),
        ("called back liu yang at pacific rim labs, 2:30pm yday - sample ok", "activity.log",
         ["who": "liu yang", "company": "pacific rim labs", "date": "2026-11-21T14:30"]),
        // A person's two names straight before an organisation's: the person and the company.
        ("call w/ carlos mendez vista diagnostics this morning - price list sent", "activity.log",
         ["who": "carlos mendez", "company": "vista diagnostics", "note": "price list sent"]),
        ("mtg with Priya Nair Lotus Pharma fri 2pm discussed q1 volumes", "activity.log",
         ["who": "Priya Nair", "company": "Lotus Pharma", "date": "2026-11-20T14:00"]),
        ("visited blue river dental clinic yesterday", "activity.log", ["who": "blue river dental clinic", "company": "-"]),
        // The 下 of 下午 is no "next": a done meeting on 周五下午 was last Friday.
        ("周五下午跟马总开了个会", "activity.log", ["who": "马总", "date": "2026-11-20"]),
        ("周六上午给安泰药房的唐经理发了短信 提醒他周一对账", "activity.log", ["who": "唐经理", "date": "2026-11-21"]),
        // A task's number and a word that takes it away: that task is cancelled.
        ("scrap task 17 - cust already ordered", "task.cancel", ["ref": "17"]),
        ("任务22取消 客户已经自己下单了", "task.cancel", ["ref": "22"]),
        // A person of an organisation in a task: the person, and the organisation as company.
        ("提醒我周五跟天成生物的高总签合同", "task.add", ["who": "高总", "company": "天成生物", "due": "2026-11-27"]),
        ("明天去全宇医院的仓库看看", "task.add", ["who": "全宇医院", "company": "-"]),
        // A country code's plus sign stays with the number.
        ("Lucky Mart's phone is +65 6234 8890", "customer.update", ["field": "phone", "value": "+65 6234 8890"]),
        // "visit report:" heads a structured log; it names no one.
        ("visit report: Hiroshi Tanaka at Tanaka Precision, friday, walked the shop floor", "activity.log",
         ["who": "Hiroshi Tanaka", "company": "Tanaka Precision", "date": "2026-11-20", "note": "walked the shop floor"]),
        // 的 splits a person from their organisation after a comma cut the name, and a titled
        // person (杨工) marks what comes before 的 as their organisation.
        ("昨天拜访了金鼎液压的孙建国，看了他们的两台液压站", "activity.log",
         ["who": "孙建国", "company": "金鼎液压", "note": "看了他们的两台液压站"]),
        ("跟宏盛建筑的杨工开了视频会，确认了12月的钢筋到货计划", "activity.log", ["who": "杨工", "company": "宏盛建筑"]),
        // Organisation words run on after the first one in lower case.
        ("called jake at coastal imaging llc yesterday", "activity.log", ["who": "jake", "company": "coastal imaging llc"]),
        // A question is no order: "how much has" starts no name.
        ("how much has Bright Dental ordered?", "order.list", ["who": "Bright Dental"]),
        // Manager questions said indirectly.
        ("anything we should worry about right now?", "risk.list", [:]),
        ("哪些客户很久没下单了", "risk.list", [:]),
        ("what will we close this quarter?", "forecast.show", ["period": "quarter"]),
        ("这个月能签多少", "forecast.show", ["period": "month"]),
        ("how is my team doing against quota this month?", "report.show", ["period": "month"]),
        ("本周各销售的业绩排名", "report.show", ["period": "week"]),
        ("what's the latest with Sunrise Mini Mart?", "customer.history", ["who": "Sunrise Mini Mart"]),
        // A date or a sum written as money that no slot read fills the intent's empty one.
        ("Sunrise Labs placed an order yesterday: 8 analyzers, 96,000", "order.record",
         ["date": "2026-11-21", "quantity": "8", "amount": "96000"]),
        ("Kestrel Imaging signed the PO!! 🎉 250k for 2 ultrasound units", "order.record", ["amount": "250000", "quantity": "2"]),
        // A task's person the tagger found is split from their organisation too.
        ("三天后提醒我把培训报名表发给华信证券的曹经理", "task.add", ["who": "曹经理", "company": "华信证券", "due": "2026-11-25"]),
        // 期 counts courses; 批发部 ends a shop's name.
        ("华信证券订了3期内训课，4.5万", "order.record", ["quantity": "3", "item": "内训课", "amount": "45000"]),
        ("前天走访了百顺批发部，库存还有30箱", "activity.log", ["who": "百顺批发部", "date": "2026-11-20"]),
        // "done" after the kind of record: a log, never a person called "done".
        ("email done to Olga Ivanova at Volga Med yesterday, send her the tender documents", "activity.log",
         ["who": "Olga Ivanova", "company": "Volga Med", "date": "2026-11-21", "note": "send her the tender documents"]),
        ("Visit done: Mahmoud Saleh, Dubai Care Pharmacy, friday, discussed credit terms 60 days", "activity.log",
         ["who": "Mahmoud Saleh", "company": "Dubai Care Pharmacy", "date": "2026-11-20"]),
        // An earlier clause that opens with what the rep did dates a bare weekday back.
        ("visited Dr Iyer, Lotus Clinic, on friday, he ask for demo unit of the infusion pump", "activity.log",
         ["who": "Dr Iyer", "date": "2026-11-20", "note": "he ask for demo unit of the infusion pump"]),
        // As reps write in a second language, and dictate.
        ("Mr Lim already pay 5000", "payment.record", ["who": "Mr Lim", "amount": "5000"]),
        ("Muscat Medical confirmed order of 15 beds, 96000", "order.record", ["quantity": "15", "item": "beds", "amount": "96000"]),
        ("increase Shree Hospital credit limit to 500k", "customer.update", ["who": "Shree Hospital", "value": "500000"]),
        ("owner of Hanoi Dental change to Linh", "customer.update", ["who": "Hanoi Dental", "field": "owner", "value": "Linh"]),
        ("嗯 那个 东方医院那边 前天回了六万 帮我记一下", "payment.record", ["who": "东方医院", "amount": "60000", "date": "2026-11-20"]),
        ("邓阿姨买了一台制氧机 4500元", "order.record", ["who": "邓阿姨", "amount": "4500"]),
        // A bare number beside a month's name is the date's day, never the deal's amount.
        ("New deal with Nordlicht Diagnostics: 'Reagent rental 2027', 640k, proposal stage, closing 18 December", "deal.add",
         ["amount": "640000", "close": "2026-12-18"]),
        // A task's text does not open with the mark after its leading date.
        ("Friday 3pm: call Olga Petrova at Nordlicht Diagnostics about the TCO sheet", "task.add",
         ["what": "call Olga Petrova at Nordlicht Diagnostics about the TCO sheet", "who": "Olga Petrova", "due": "2026-11-27T15:00"]),
        // A day or a time is never a name, and never a company.
        ("Next Wednesday at 2pm: visit Ingrid Halvorsen at Fjordline Clinic with the probe pricing", "task.add",
         ["who": "Ingrid Halvorsen", "company": "Fjordline Clinic"]),
        // A person "of" an organisation ending with an organisation word; Bank of America is one name.
        ("Amara Okafor of Harbourside Medical Centre is the decider", "contact.profile",
         ["who": "Amara Okafor", "company": "Harbourside Medical Centre", "role": "decider"]),
        ("visited Bank of America yesterday", "activity.log", ["who": "Bank of America", "company": "-"]),
        ("New contact: Keiko Mori, Meridian Labs, Director of Operations, approver", "contact.add",
         ["name": "Keiko Mori", "customer": "Meridian Labs", "title": "Director of Operations", "role": "approver"]),
        ("Maple Leaf Diagnostics wired CAD 13,500 on Thursday", "payment.record", ["amount": "13500", "date": "2026-11-19"]),
        ("瑞丰制药的何静是购买者和使用者", "contact.profile", ["who": "何静", "company": "瑞丰制药"]),
        // "Show" leads to a name; "titled" ends one; "reason:" leads a reason.
        ("Show Siobhan Murphy's card", "customer.show", ["who": "Siobhan Murphy"]),
        ("New opportunity at Granite Labs titled \"Spectrometer upgrade\", $90,000, qualifying, closing Dec 10", "deal.add",
         ["who": "Granite Labs", "amount": "90000", "close": "2026-12-10"]),
        ("Deal 4 lost, reason: the board chose to lease instead of buy", "deal.lost",
         ["ref": "4", "reason": "the board chose to lease instead of buy"]),
        // A deal's title in quotes is what the quotes hold, never its customer.
        ("New opportunity with Elmstead Care Homes: \"Kent mat pilot\", £5,400, qualifying, closing 8 January", "deal.add",
         ["who": "Elmstead Care Homes", "title": "Kent mat pilot", "amount": "5400", "close": "2027-01-08"]),
        ("Create deal 'Loan pump conversion' for Pinecrest Hospital, $72,000, qualifying, closing 22 January", "deal.add",
         ["who": "Pinecrest Hospital", "title": "Loan pump conversion", "amount": "72000"]),
        ("北辰科技有个新商机“仓储系统二期”，预计12月3日成交", "deal.add", ["who": "北辰科技", "title": "仓储系统二期"]),
        ("new deal with O'Malley's Pub for 5k", "deal.add", ["who": "O'Malley's Pub", "amount": "5000", "title": "-"]),
        // "the task force …": a noun of the sentence, no request to add a task.
        ("the task force meeting moved to the big room", "none", [:]),
        // A contact's customer before a title with "of" in it.
        ("new contact: Ahmed Khan, Al Noor Hospital, head of biomed", "contact.add",
         ["name": "Ahmed Khan", "customer": "Al Noor Hospital", "title": "head of biomed"]),
        // "Price objection from …": the kind comes first.
        ("Price objection from Isabella Costa: our quote is 12% over her budget", "objection.log",
         ["who": "Isabella Costa", "kind": "price"]),
        // A name's hyphenated parts are one name (not "Fatima Al" at a company "Sayed").
        ("Phoned Fatima Al-Sayed from Horizon Biotech yesterday at 5pm: she's moving the tender", "activity.log",
         ["who": "Fatima Al-Sayed", "company": "Horizon Biotech"]),
        ("follow up w/ dr. mohammed al-farsi on 1 dec", "task.add",
         ["who": "dr. mohammed al-farsi", "what": "follow up w/ dr. mohammed al-farsi", "due": "2026-12-01"]),
        // The grammar's own hyphenated words still read as before.
        ("remind me to send the follow-up email to Zhou Hua tomorrow", "task.add", ["due": "2026-11-23"]),
        // A task's person at their organisation: the company, and the text keeps both.
        ("Remind me on Tuesday at 9am to book a site survey with Hannah Schmidt at Kestrel Engineering", "task.add",
         ["who": "Hannah Schmidt", "company": "Kestrel Engineering",
          "what": "book a site survey with Hannah Schmidt at Kestrel Engineering"]),
        // A head that only says when, up to its colon, is no part of the task's text.
        ("Every Monday at 9am starting tomorrow until 31 January: send Priya Raman at Lotus Pharma the weekly stock report",
         "task.add", ["what": "send Priya Raman at Lotus Pharma the weekly stock report", "repeat": "weekly"]),
        ("Daily at 5pm from tomorrow until Friday: update Fatima Al-Sayed at Horizon Biotech on the freezer delivery",
         "task.add", ["what": "update Fatima Al-Sayed at Horizon Biotech on the freezer delivery", "until": "2026-11-27"]),
        // The day a repeating task stops, at the end of its text.
        ("每周一提醒我写周报，直到1月底", "task.add", ["what": "写周报", "repeat": "weekly", "until": "2027-01-31"]),
        ("每周一提醒我写周报 到1月31日为止", "task.add", ["what": "写周报", "until": "2027-01-31"]),
        // 每个月 straight before 月底 repeats at the end of every month.
        ("每个月月底提醒我跟吴婷对账", "task.add", ["repeat": "month_end", "what": "跟吴婷对账"]),
        // A contact's title written before the customer.
        ("add contact Tom Becker, ops director, Northgate Logistics", "contact.add",
         ["name": "Tom Becker", "customer": "Northgate Logistics", "title": "ops director"]),
        ("new contact Emily Hart - purchasing - pinecrest hotel", "contact.add",
         ["name": "Emily Hart", "customer": "pinecrest hotel", "title": "purchasing"]),
        // Lakh and crore (India); the currencies of the Philippines, Nigeria, Brazil.
        ("Reliance Retail order 500 cartons, 2.75 lakhs", "order.record", ["amount": "275000", "quantity": "500"]),
        ("order: HDFC, 150 laptops, 1.2 crore", "order.record", ["amount": "12000000"]),
        ("Jollibee Makati paid PHP 42,250 via bank transfer on 19 Nov", "payment.record", ["amount": "42250"]),
        // Beside a currency, full stops before groups of three digits part thousands.
        ("Petrobras paid R$ 72.500 on friday", "payment.record", ["amount": "72500"]),
        ("Siemens Healthineers ordered 3 coils for 12.500 EUR", "order.record", ["amount": "12500", "quantity": "3"]),
        ("Acme paid $72.50", "payment.record", ["amount": "72.5"]),
    ]

    @Test(arguments: cases)
    func reads(_ text: String, _ intent: String, _ expected: [String: String]) {
        let parsed = Fixture.engine.parse(text, now: Fixture.now)
        #expect(parsed.intent == intent, "\(text)")
        let json = parsed.json
        for (slot, want) in expected {
            let got = json["slots"]?[slot].map(Self.plain)
            #expect(got == (want == "-" ? nil : want), "\(text): \(slot)")
        }
    }

    /// A slot value as the expectation writes it: strings bare, numbers without ".0".
    static func plain(_ v: JSONValue) -> String {
        switch v {
        case .string(let s): return s
        case .int(let n): return String(n)
        case .double(let n): return n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : String(n)
        default: return v.serialized
        }
    }
}

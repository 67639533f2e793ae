import CRMSupport

/// The word lists the resolvers read (number words, months, weekdays,
/// relative-date words, fillers, abbreviations), loaded from `lexicon` blocks
/// of the grammar files. Entries of both languages are merged per table.
///
/// The resolvers own the *structure* (a number word followed by a unit and
/// `ago`), the lexicon owns the *words*.
struct Lexicon: Sendable {
    /// Table names the engine understands, with what their keys mean.
    static let knownTables: [String: String] = [
        "fillers": "politeness words dropped at the start or end of a message (key: start, end or both)",
        "rewrites": "abbreviations replaced before matching (key: the replacement)",
        "name_stops": "words that never begin or end a name (key ignored)",
        "moods": "words that set a message's mood (key: negation, hedge, question, question_end — only as its last word —, done — a Chinese message without one is unmarked; with one, a bare weekday of a record of something done is the last such day —, imperative — only as its first word; denial — a negation that counts even inside a complaint's text: no complaint, 没问题; reminder — a phrase that sets no mood although a word of it would: don't forget, 别忘了); see ParsedIntent.Mood",
        "until_words": "words that open the last day of a repeating task: until, 直到 (key ignored)",
        "removal_words": "words that say something goes away: remove, no longer, 删除, 去掉 (key ignored); the model alone never reads a message without one as a removal (customer.delete, alias.remove, order.delete, payment.delete, task.cancel)",
        "edit_markers": "verbs that change or cancel an existing record: reschedule, cancel, 推迟, 删除 (key ignored); such a message never adds a new record",
        "measure_words": "words that count things after a number: 件, 台, 箱, units, pcs (key ignored); the number is then a quantity, never an amount",
        "name_trailers": "adverbs and time words trimmed from the end of a captured name: just, these days, 又, 最近 (key ignored)",
        "name_edges": "words around a captured name that are not part of it (key: lead — dropped before it: up, 趟; break — the name ends before it: at the, w/, 带; title — after one surname character the name ends with it: 总, 经理; familiar — 老/小 plus one character is the whole name; closing — a legal form nothing follows: inc, 有限公司; owned — a person of a customer after a possessive, never glued into its name: assistant, cfo)",
        "search_stops": "words a search skips unless nothing else is searched for: the, a, about (key ignored)",
        "text_leaders": "joining words dropped from the start of free text: and, but, 然后 (key x); place — a place before a note, dropped up to its colon, dash or comma: at; task — dropped from the start of a task's text: I'll, schedule a, remind me to; when — with dates, a task's head that only says when, dropped up to its colon or dash: from, starting, every; after_date — dropped from the start of free text right after a date: 前 (月底前催款); after_amount — dropped after an amount read from the start of an item: of, 的; amount_lead — before an amount after an item: total, 共计",
        "asks": "words that ask for a record's facts (key ask: an English one only as the first word — is, which, what's; a Chinese one anywhere — 多少, 哪家, 吗) or that make a question a request (key request, only at the start: can you, pls, 帮我, 麻烦), or that only look like a question (key any: 什么都), or that ask whether something was done (key past: an English one first in a message ending with a question mark — did, has anyone; a Chinese one last — 了吗, 过没有): a visit, an order or a payment asked about reads the customer's history; a question that sets a customer's field, a contact's role, grade, stage or company and is no request is read as showing the customer",
        "subjects": "words that make a clause someone else's: 他, 客户 (key ignored); a Chinese clause after a visit's date that opens with a verb and 了 (谈了年框) says the visit was done, one that opens with one of these (他说了) does not; a note the tagger read starts with one written right before it (…, he want a quote)",
        "company_leads": "words between a person and their organisation: at, from, of (key ignored); what follows fills an empty company when it names an organisation (an organisation word last, or two to five capitalized words)",
        "name_titles": "abbreviated titles that, with their full stop, are part of a name: dr, st, mrs (key ignored)",
        "name_suffixes": "words that usually end an organisation name: hospital, 医院 (key ignored)",
        "answers": "a bare answer to the bot's question, the whole message: yes, ok, 好的 (key yes), no, 不用 (key no), never mind, 算了 (key cancel); kept out of the grammar's words",
        "surnames": "Chinese family names: after an organisation and 的, two or three characters starting with one are a person of it (全宇医院的王彤) (key ignored)",
        "text_stops": "particles free text never begins with: 的, 了 (key ignored, except `break`: a Chinese name never runs across it either)",
        "list_separators": "words between the items of a list slot (key ignored)",
        "number_words": "number words (key: the value)",
        "number_units": "multipliers of the digit before: hundred, 十, 百, 千 (key: the value)",
        "number_scales": "multipliers of the whole group before: thousand, million, 万, 亿 (key: the value)",
        "amount_suffixes": "suffixes that scale an amount: k, m, 万 (key: the value)",
        "currency": "currency words and signs around an amount (key: the currency)",
        "ordinal_suffixes": "suffixes after a day number: st, nd, 号 (key ignored)",
        "months": "month names (key: 1-12)",
        "weekdays": "weekday names (key: 1 = Monday … 7 = Sunday)",
        "relative_days": "day words relative to today (key: offset in days)",
        "date_modifiers": "next, this, last, in, ago, later, after_next (下下周), before_last (上上周) (key: one of those eight)",
        "date_units": "day, week, month, year, and hour and minute for a time counted from now: in 2 hours (key: one of those six)",
        "date_anchors": "fixed points: end_of_month, end_of_next_month, end_of_week, weekend, end_of_year",
        "date_fillers": "words before a date that add nothing: on, by, due (key ignored)",
        "date_markers": "year/month/day markers after numbers: 年 月 日 号 (key: year, month or day)",
        "dayparts": "parts of the day that shift the hour: am, pm, noon, midnight",
        "time_markers": "at, o'clock, 点, 半, 分, 刻 (key: at, hour, half, minute or quarter)",
        "script_variants": "traditional characters the name tables leave out because they are also written in simplified text (週, 裏, 著), replaced when a message is read, never in names (key: the simplified character)",
        "plan_markers": "words that make a message a plan, not a fact (key plan: plan to, will, 计划, 打算 — a plan never logs an activity, an order or a payment; key offer: quote, next year, 报价, 明年 — money named with them is never an order or a payment)",
    ]

    var tables: [String: WordTable] = [:]

    subscript(_ name: String) -> WordTable {
        tables[name] ?? WordTable(name: name)
    }
}

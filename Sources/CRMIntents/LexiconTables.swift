/// The lexicon compiled to id tables, shared by the resolvers and the matcher.
///
/// Immutable after loading; one instance per engine.
final class LexiconTables: Sendable {
    let fillers, rewrites, nameStops, nameSuffixes, textStops, listSeparators: IdTable
    /// Measure words after a count (件, 台, units): the number before them is never an amount.
    let measureWords: IdTable
    /// Adverbs and time words trimmed from the end of a captured name.
    let nameTrailers: IdTable
    /// Words around a name that are not part of it (``IntentEngine/refinedName(_:slot:tokens:intent:now:)``).
    let nameEdges: IdTable
    /// Chinese family names, as text (a person of an organisation: 全宇医院的王彤). Not interned:
    /// a literal is a word of the grammar, and a name is cut before one.
    let surnames: Set<String>
    /// Abbreviated titles glued to their full stop (`Dr.`, `St.`): part of a name.
    let nameTitles: IdTable
    /// Joining words dropped from the start of free text: and, but, 然后.
    let textLeaders: IdTable
    /// Words between a person and their organisation: "Megan Pryce *at* Lakeside Vet", "Suresh
    /// Iyer *of* Kaveri Pumps" (``IntentEngine/companyBesideName(_:text:tokens:)``).
    let companyLeads: IdTable
    /// Words that ask for a record's facts (`ask`: what, which, 多少, 吗) or make a question a
    /// request (`request`: can you, 帮我) (``IntentEngine/questionAsRead(_:raw:)``).
    let asks: IdTable
    /// Words that make a clause someone else's (他说了, 客户要了): its 了 says nothing of the rep.
    let subjects: IdTable
    let numberWords, numberUnits, numberScales, amountSuffixes, currency, ordinalSuffixes: IdTable
    let months, weekdays, relativeDays, dateModifiers, dateUnits, dateAnchors, dateFillers, dateMarkers: IdTable
    let dayparts, timeMarkers: IdTable
    /// Words that make a message a plan (``ParsedIntent/isPlan``).
    let planMarkers: IdTable
    /// Verbs that change or cancel an existing record (``ParsedIntent/isEdit``).
    let editMarkers: IdTable
    let removalWords: IdTable
    let untilWords: IdTable
    /// Negations, hedges, question words, aspect markers, imperative verbs (``ParsedIntent/Mood``).
    let moods: IdTable
    /// Interned ids of all words, for suffixes glued to digits ("120k", "3pm", "3rd").
    let literalIDs: [String: Int32]
    /// Ids that can begin a date, an amount or a number (a cheap prefilter).
    let dateStarts, amountStarts, numberStarts: Set<Int32>
    /// Ids that can appear anywhere inside a date, an amount or a number: a span
    /// holding any other word is never read (the matcher stops extending there).
    let dateWords, amountWords, numberWords_: Set<Int32>

    init(_ lexicon: Lexicon, literalIDs: [String: Int32]) {
        func table(_ name: String) -> IdTable {
            guard let t = lexicon.tables[name] else { return IdTable() }
            return IdTable(t) { literalIDs[$0] ?? -1 }
        }
        fillers = table("fillers")
        rewrites = table("rewrites")
        nameStops = table("name_stops")
        nameSuffixes = table("name_suffixes")
        nameTrailers = table("name_trailers")
        nameEdges = table("name_edges")
        nameTitles = table("name_titles")
        surnames = Set((lexicon.tables["surnames"]?.allAliases ?? []).map { $0.joined() })
        textLeaders = table("text_leaders")
        companyLeads = table("company_leads")
        asks = table("asks")
        subjects = table("subjects")
        measureWords = table("measure_words")
        textStops = table("text_stops")
        listSeparators = table("list_separators")
        numberWords = table("number_words")
        numberUnits = table("number_units")
        numberScales = table("number_scales")
        amountSuffixes = table("amount_suffixes")
        currency = table("currency")
        ordinalSuffixes = table("ordinal_suffixes")
        months = table("months")
        weekdays = table("weekdays")
        relativeDays = table("relative_days")
        dateModifiers = table("date_modifiers")
        dateUnits = table("date_units")
        dateAnchors = table("date_anchors")
        dateFillers = table("date_fillers")
        dateMarkers = table("date_markers")
        dayparts = table("dayparts")
        timeMarkers = table("time_markers")
        planMarkers = table("plan_markers")
        editMarkers = table("edit_markers")
        removalWords = table("removal_words")
        untilWords = table("until_words")
        moods = table("moods")
        self.literalIDs = literalIDs
        let numbers = numberWords.firstIDs.union(numberUnits.firstIDs).union(numberScales.firstIDs)
        numberStarts = numbers
        amountStarts = numbers.union(currency.firstIDs)
        var dates = numbers
        for t in [months, weekdays, relativeDays, dateModifiers, dateAnchors, dateFillers, dayparts, timeMarkers] {
            dates.formUnion(t.firstIDs)
        }
        dateStarts = dates
        func all(_ tables: [IdTable]) -> Set<Int32> {
            var s = Set<Int32>()
            for t in tables { for e in t.entries { s.formUnion(e.ids) } }
            return s
        }
        let numberParts = all([numberWords, numberUnits, numberScales])
        numberWords_ = numberParts.union(all([ordinalSuffixes]))
        amountWords = numberParts.union(all([currency, amountSuffixes]))
        dateWords = numberParts.union(
            all([ordinalSuffixes, months, weekdays, relativeDays, dateModifiers, dateUnits, dateAnchors, dateFillers,
                 dateMarkers, dayparts, timeMarkers]))
    }

    /// The id of a single word, or -1.
    @inline(__always)
    func id(_ word: String) -> Int32 { literalIDs[word] ?? -1 }
}

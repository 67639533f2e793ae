import CRMSupport
import CRMTestSupport
import Foundation
import Glibc
import Testing

/// `crmbot import` and `crmbot export` through the real binary: messy spreadsheets in
/// UTF-8 and GB18030, every bad row reported with its line, re-imports that change
/// nothing, a dry run that writes nothing, undo of an import, scope, and an
/// export → import round trip with identical data.
@Suite(.serialized, .offThePool)
struct ImportExportEndToEndTests {
    /// Runs the binary; its output's lines end in "\n" here whatever it wrote (the files
    /// written with --out are checked for CRLF separately).
    static func crmbot(_ args: [String], db: URL, as rep: String = "Li Ming") throws -> (status: Int32, stdout: String, stderr: String) {
        try CrmbotProcess.run(args + ["--db", db.path, "--as", rep, "--now", fixedNow])
    }

    /// CRLF as LF, without the final line break (the process runner drops it).
    static func lf(_ s: String) -> String {
        // By scalars: "\r\n" is one Character to Swift's String.
        var t = String(String.UnicodeScalarView(s.unicodeScalars.filter { $0 != "\r" }))
        while t.unicodeScalars.last == "\n" { t.unicodeScalars.removeLast() }
        return t
    }

    static func write(_ text: String, to url: URL, bom: Bool = false) throws {
        try Data((bom ? [0xEF, 0xBB, 0xBF] : []) + Array(text.utf8)).write(to: url)
    }

    /// Writes `text` to `url` encoded as GB18030, as Chinese Excel saves a CSV (with the C
    /// library's iconv, started by posix_spawn like every child process of the tests).
    static func writeGB18030(_ text: String, to url: URL) throws {
        let source = url.appendingPathExtension("utf8")
        try write(text, to: source)
        let input = open(source.path, O_RDONLY), output = open(url.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        defer { close(input); close(output) }
        let child = try ChildProcess.spawn(
            "/usr/bin/iconv", arguments: ["-f", "UTF-8", "-t", "GB18030"], environment: [:], stdin: input, stdout: output, stderr: 2)
        #expect(child.wait(seconds: 120) == .exited(0))
        let bytes = try Data(contentsOf: url)
        try #require(!bytes.isEmpty && String(data: bytes, encoding: .utf8) == nil, "iconv did not make GB18030")
    }

    static let messyCustomers = """
        Customer Name,Industry,Phone,Stage,Notes\r
        Quanyu Hospital,healthcare,010-1234,customer,big one\r
        "Acme, Inc.",manufacturing,,lead,"two\nlines"\r
        AT&T,telecom,,prospect,\r
        ,no name,,,\r
        Weird Co,,,frobbed,\r
        Sunrise Dental,dental,,潜在客户,\r

        """

    @Test("a messy UTF-8 file with a BOM: bad rows reported by line, the rest imported; importing again adds nothing")
    func messyCustomersAndIdempotentReimport() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let db = tmp.file("crm.sqlite"), csv = tmp.file("customers.csv")
        try Self.write(Self.messyCustomers, to: csv, bom: true)

        let dry = try Self.crmbot(["import", "customers", csv.path, "--dry-run"], db: db)
        #expect(dry.status == 7 && dry.stdout.contains("Dry run, nothing written: 4 would be added, 0 already there, 2 refused."), "\(dry)")
        #expect(Self.lf(try Self.crmbot(["export", "customers"], db: db).stdout) == "name,kind,stage,owner,industry,region,phone,email,address")

        let first = try Self.crmbot(["import", "customers", csv.path], db: db)
        #expect(first.status == 7, "\(first)")
        #expect(first.stdout.contains("(UTF-8, 6 rows of customers)") && first.stdout.contains("Ignored columns (not customers fields): Notes"))
        #expect(first.stdout.contains("Imported as Li Ming: 4 added, 0 already there, 2 refused."), "\(first.stdout)")
        // Line numbers count the line break inside the quoted "two\nlines".
        #expect(first.stdout.contains("line 6: name is empty"), "\(first.stdout)")
        #expect(first.stdout.contains("line 7: stage “frobbed” is not one of"), "\(first.stdout)")
        let exported = try Self.crmbot(["export", "customers"], db: db)
        #expect(exported.status == 0)
        #expect(Self.lf(exported.stdout) == """
            name,kind,stage,owner,industry,region,phone,email,address
            Quanyu Hospital,company,customer,Li Ming,healthcare,,010-1234,,
            "Acme, Inc.",company,lead,Li Ming,manufacturing,,,,
            AT&T,company,prospect,Li Ming,telecom,,,,
            Sunrise Dental,company,prospect,Li Ming,dental,,,,
            """, "\(exported.stdout)")

        let again = try Self.crmbot(["import", "customers", csv.path], db: db)
        #expect(again.stdout.contains("0 added, 4 already there, 2 refused."), "\(again.stdout)")
        #expect(try Self.crmbot(["export", "customers"], db: db).stdout == exported.stdout)

        // The chat sees them, and undo takes the import back.
        let li = try BotSession(db: db)
        #expect(try li.say("list customers").text.hasPrefix("4 customers:"))
        let undo = try li.say("undo")
        #expect(undo.ok && undo.text.contains("import of customers.csv, lines 2–8"), "\(undo)")
        #expect(try li.say("list customers").text == "No customers match.")
        #expect(try li.finish() == 0)
    }

    @Test("GB18030 with Chinese headers; rows about customers another rep owns are refused like unknown ones")
    func chineseExcelFileAndScope() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let db = tmp.file("crm.sqlite")
        let li = try BotSession(db: db)
        #expect(try li.say("新建客户 全宇医院").ok)
        #expect(try li.finish() == 0)
        let contacts = tmp.file("联系人.csv")
        try Self.writeGB18030("客户名称,联系人,职位,手机\r\n全宇医院,王彤,采购部主任,13800001111\r\n全宇医院,周华,行政主任,\r\n不存在公司,李四,,\r\n", to: contacts)
        let bob = try Self.crmbot(["import", "contacts", contacts.path], db: db, as: "Bob")
        #expect(bob.status == 7 && bob.stdout.contains("0 added, 0 already there, 3 refused."), "\(bob)")
        #expect(bob.stdout.contains("line 2: no customer “全宇医院” in your book"), "\(bob.stdout)")

        let run = try Self.crmbot(["import", "contacts", contacts.path], db: db)
        #expect(run.stdout.contains("(GB18030, 3 rows of contacts); columns: 客户名称 → customer, 联系人 → name, 职位 → title, 手机 → phone"), "\(run.stdout)")
        #expect(run.stdout.contains("2 added, 0 already there, 1 refused.") && run.stdout.contains("line 4: no customer “不存在公司”"), "\(run.stdout)")
        let card = try BotSession(db: db)
        let show = try card.say("查看王彤")
        #expect(show.ok && show.text.contains("采购部主任") && show.text.contains("13800001111"), "\(show)")
        #expect(try card.finish() == 0)
        let zh = try Self.crmbot(["export", "contacts", "--headers", "zh"], db: db)
        #expect(Self.lf(zh.stdout).hasPrefix("客户名称,联系人,职位,电话,邮箱\n全宇医院,王彤,采购部主任,13800001111,\n"), "\(zh.stdout)")
        #expect(Self.lf(try Self.crmbot(["export", "contacts"], db: db, as: "Bob").stdout) == "customer,name,title,phone,email")
    }

    @Test("export → import into a new database → export gives identical files for every kind")
    func roundTrip() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let a = tmp.file("a.sqlite"), b = tmp.file("b.sqlite")
        let li = try BotSession(db: a)
        for m in [
            "add customer Quanyu Hospital", "add customer \"Comma, Quote\" Co", "add contact Wang Tong at Quanyu Hospital, head of purchasing",
            "Wang Tong's phone is 13800001111", "log visit to Wang Tong: discussed the \"trial\", then lunch",
            "called Quanyu Hospital yesterday about pricing", "Quanyu Hospital ordered 50 phones for 120k",
            "Quanyu Hospital ordered 50 phones for 120k", "Quanyu Hospital paid 60,000.50", "全宇医院", "新建客户 全宇医院",
        ] {
            var r = try li.say(m)
            if r.data?["question"] != nil { r = try li.say("yes") }
        }
        #expect(try li.finish() == 0)
        for kind in ["customers", "contacts", "activities", "orders", "payments"] {
            let out = tmp.file("\(kind).csv")
            let e = try Self.crmbot(["export", kind, "--out", out.path], db: a)
            #expect(e.status == 0 && e.stderr.contains("Exported"), "\(e)")
            let i = try Self.crmbot(["import", kind, out.path], db: b)
            #expect(i.status == 0 && i.stdout.contains("0 already there, 0 refused."), "\(kind): \(i)")
            let back = try Self.crmbot(["export", kind], db: b)
            let original = try String(contentsOf: out, encoding: .utf8)
            #expect(original.utf8.filter { $0 == 0x0A }.count == original.utf8.filter { $0 == 0x0D }.count || kind == "activities",
                "\(kind): not CRLF records: \(original.debugDescription)")
            #expect(Self.lf(back.stdout) == Self.lf(original), "\(kind) differs after the round trip:\n\(original)\n---\n\(back.stdout)")
            #expect(original.split(separator: "\r\n").count >= 2, "\(kind) exported no rows: \(original)")
        }
        // Importing the exports into the database they came from adds nothing.
        for kind in ["customers", "contacts", "activities", "orders", "payments"] {
            let i = try Self.crmbot(["import", kind, tmp.file("\(kind).csv").path], db: a)
            #expect(i.stdout.contains(": 0 added,"), "\(kind): \(i.stdout)")
        }
    }

    @Test("a file crmbot cannot read is refused whole, with the reason and exit 6; usage errors exit 2")
    func unreadableFiles() throws {
        let tmp = try TempDir()
        defer { tmp.remove() }
        let db = tmp.file("crm.sqlite")
        let noHeader = tmp.file("x.csv")
        try Self.write("Company Phone,Mobile\nAcme,1\n", to: noHeader)
        let r = try Self.crmbot(["import", "customers", noHeader.path], db: db)
        #expect(r.status == 6 && r.stderr.contains("no column for name") && r.stderr.contains("--map"), "\(r)")
        let mapped = try Self.crmbot(["import", "customers", noHeader.path, "--map", "Company Phone=name"], db: db)
        #expect(mapped.status == 0 && mapped.stdout.contains("1 added"), "\(mapped)")
        let quote = tmp.file("q.csv")
        try Self.write("name\n\"Acme\n", to: quote)
        let q = try Self.crmbot(["import", "customers", quote.path], db: db)
        #expect(q.status == 6 && q.stderr.contains("line 2: a quoted field is never closed"), "\(q)")
        let missing = try Self.crmbot(["import", "customers", tmp.file("none.csv").path], db: db)
        #expect(missing.status == 6 && missing.stderr.contains("cannot read"), "\(missing)")
        #expect(try Self.crmbot(["import", "tasks", quote.path], db: db).status == 2)
        #expect(try Self.crmbot(["export", "widgets"], db: db).status == 2)
    }
}

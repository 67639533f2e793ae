import CRMTestSupport
import Foundation
import Testing

/// `--help`, the man page and the bash completion come from one option table; the
/// copies in the repository are what the binary prints, and the completion works.
@Suite(.offThePool) struct HelpOutputTests {
    static func generated(_ arguments: [String]) throws -> String {
        let run = try CrmbotProcess.run(arguments)
        #expect(run.status == 0, "\(run.stderr)")
        return run.stdout
    }

    static func committed(_ path: String) throws -> String {
        let text = try String(contentsOf: CrmbotLocation.repoRoot.appendingPathComponent(path), encoding: .utf8)
        return text.hasSuffix("\n") ? String(text.dropLast()) : text
    }

    @Test("docs/crmbot.1 and Scripts/crmbot-completion.bash are what the binary generates (regenerate with crmbot help)")
    func committedCopiesAreCurrent() throws {
        #expect(try Self.generated(["help", "--man"]) == Self.committed("docs/crmbot.1"),
            "run: crmbot help --man > docs/crmbot.1")
        #expect(try Self.generated(["help", "--completion", "bash"]) == Self.committed("Scripts/crmbot-completion.bash"),
            "run: crmbot help --completion bash > Scripts/crmbot-completion.bash")
    }

    @Test func helpAndTheManPageListEveryOptionTheParserTakes() throws {
        let help = try Self.generated(["--help"])
        let man = try Self.generated(["help", "--man"])
        // Every option the parser accepts is documented: one it does not know is refused with a hint.
        for option in ["--http", "--request-timeout", "--log", "--tokens", "--reminder-interval", "--dry-run", "--headers"] {
            #expect(help.contains(option), "\(option) missing from --help")
            #expect(man.contains(option.replacingOccurrences(of: "-", with: "\\-")), "\(option) missing from the man page")
        }
        let wrong = try CrmbotProcess.run(["serve", "--reqest-timeout", "5"])
        #expect(wrong.status == 2 && wrong.stderr.contains("Did you mean '--request-timeout'"), "\(wrong.stderr)")
        let shell = try CrmbotProcess.run(["help", "--completion", "fish"])
        #expect(shell.status == 2 && shell.stderr.contains("only bash"))
    }

    @Test("the bash completion offers commands, the command's options and their values")
    func bashCompletionCompletes() throws {
        let script = CrmbotLocation.repoRoot.appendingPathComponent("Scripts/crmbot-completion.bash").path
        func complete(_ words: [String]) throws -> [String] {
            let array = words.map { "'\($0)'" }.joined(separator: " ")
            let program = "source '\(script)'; COMP_WORDS=(\(array)); COMP_CWORD=\(words.count - 1); _crmbot; "
                + "printf '%s\\n' \"${COMPREPLY[@]}\""
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/bin/bash")
            p.arguments = ["--norc", "-c", program]
            let out = Pipe()
            p.standardOutput = out
            try p.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init).filter { !$0.isEmpty }
        }
        #expect(try complete(["crmbot", "ex"]) == ["export"])
        #expect(try complete(["crmbot", "serve", "--to"]) == ["--tokens"])
        #expect(try complete(["crmbot", "serve", "--re"]).sorted() == ["--reminder-interval", "--request-timeout"])
        #expect(try complete(["crmbot", "export", "--headers", ""]) == ["en", "zh"])
        #expect(try complete(["crmbot", "import", "c"]) == ["customers", "contacts"])
        #expect(try complete(["crmbot", "import", "--ma"]) == ["--map"])
        #expect(try complete(["crmbot", "export", "--ma"]).isEmpty)  // --map is import's
    }
}

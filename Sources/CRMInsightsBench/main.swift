// Placeholder entry; replaced below once the rules exist.
import CRMStorage

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.count == 2, arguments[0] == "--create" {
    do {
        _ = try SQLiteStore.open(path: arguments[1])
        print("created \(arguments[1])")
    } catch {
        print("cannot create \(arguments[1]): \(error)")
    }
}

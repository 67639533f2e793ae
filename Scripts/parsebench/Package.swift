// swift-tools-version:6.0
import PackageDescription

/// A small release driver for the intent engine alone (parse throughput and
/// callgrind profiles without building the whole bot). Sources are symlinks
/// into the main package. Usage (from the repository root):
///   swift build -c release --package-path Scripts/parsebench
///   Scripts/parsebench/.build/release/ParseBench bench 40 < Tests/Corpus/intents.tsv
///   Scripts/parsebench/.build/release/ParseBench < messages.txt   # one JSON per line
let package = Package(
    name: "parsebench",
    targets: [
        .target(name: "CRMSupport"),
        .target(name: "CRMIntents", dependencies: ["CRMSupport"]),
        .executableTarget(name: "ParseBench", dependencies: ["CRMIntents", "CRMSupport"]),
    ]
)

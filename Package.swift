// swift-tools-version:6.0
import PackageDescription

/// crmbot: a chat-driven CRM for sales reps.
///
/// Dependencies point one way (see README "Architecture"):
/// CRMSupport <- CRMDomain <- CRMStorage (+ CSQLite)
/// CRMSupport <- CRMIntents
/// CRMDomain + CRMIntents <- CRMBot
/// CRMSupport <- CRMTransport
/// CRMTransport + CRMDomain <- CRMRelay (the socket protocols of `crmbot serve`)
/// CRMDomain <- CRMExchange (CSV import and export)
/// everything <- crmbot (thin executable)
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "crmbot",
    products: [
        .executable(name: "crmbot", targets: ["crmbot"]),
        .executable(name: "CRMBenchmarks", targets: ["CRMBenchmarks"]),
        .executable(name: "CRMInsightsBench", targets: ["CRMInsightsBench"]),
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .systemLibrary(
            name: "CEditLine",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        .systemLibrary(name: "CLinuxSockets"),
        .target(name: "CRMSupport", swiftSettings: strict),
        .target(name: "CRMDomain", dependencies: ["CRMSupport"], swiftSettings: strict),
        .target(name: "CRMStorage", dependencies: ["CRMDomain", "CRMSupport", "CSQLite"], swiftSettings: strict),
        .target(name: "CRMIntents", dependencies: ["CRMSupport"], swiftSettings: strict),
        .target(name: "CRMInsights", dependencies: ["CRMDomain", "CRMSupport"], swiftSettings: strict),
        .target(name: "CRMBot", dependencies: ["CRMDomain", "CRMInsights", "CRMIntents", "CRMSupport"], swiftSettings: strict),
        .target(name: "CRMTransport", dependencies: ["CRMSupport", "CEditLine", "CLinuxSockets"], swiftSettings: strict),
        .target(name: "CRMRelay", dependencies: ["CRMTransport", "CRMDomain", "CRMSupport"], swiftSettings: strict),
        .target(name: "CRMExchange", dependencies: ["CRMDomain", "CRMSupport"], swiftSettings: strict),
        .executableTarget(
            name: "crmbot",
            dependencies: [
                "CRMBot", "CRMStorage", "CRMIntents", "CRMTransport", "CRMRelay", "CRMExchange", "CRMDomain", "CRMSupport",
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "CRMBenchmarks",
            dependencies: ["CRMBot", "CRMStorage", "CRMIntents", "CRMInsights", "CRMDomain", "CRMSupport"],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "CRMInsightsBench",
            dependencies: ["CRMBot", "CRMIntents", "CRMStorage", "CRMInsights", "CRMDomain", "CRMSupport"],
            swiftSettings: strict
        ),
        // Helpers shared by the test targets (a socket line client, temp socket dirs,
        // child processes, event waits).
        .target(name: "CRMTestSupport", path: "Tests/CRMTestSupport", swiftSettings: strict),
        .testTarget(name: "CRMSupportTests", dependencies: ["CRMSupport", "CRMTestSupport"], swiftSettings: strict),
        .testTarget(name: "CRMDomainTests", dependencies: ["CRMDomain", "CRMSupport"], swiftSettings: strict),
        .testTarget(
            name: "CRMStorageTests", dependencies: ["CRMStorage", "CRMDomain", "CRMSupport", "CRMTestSupport"],
            swiftSettings: strict),
        .testTarget(name: "CRMIntentsTests", dependencies: ["CRMIntents", "CRMSupport", "CRMTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "CRMBotTests",
            dependencies: ["CRMBot", "CRMInsights", "CRMStorage", "CRMIntents", "CRMDomain", "CRMSupport", "CRMTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(name: "CRMTransportTests", dependencies: ["CRMTransport", "CRMSupport", "CRMTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "CRMRelayTests",
            dependencies: ["CRMRelay", "CRMTransport", "CRMStorage", "CRMDomain", "CRMSupport", "CRMTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CRMExchangeTests", dependencies: ["CRMExchange", "CRMStorage", "CRMDomain", "CRMSupport"],
            swiftSettings: strict),
        .testTarget(name: "CRMInsightsTests", dependencies: ["CRMInsights", "CRMDomain", "CRMSupport"], swiftSettings: strict),
        .testTarget(name: "CRMEndToEndTests", dependencies: ["CRMSupport", "CRMTestSupport"], swiftSettings: strict),
    ]
)

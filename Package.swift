// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Vouch",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "vouch", targets: ["vouch"]),
        .executable(name: "vouch-bench", targets: ["VouchBenchmarks"]),
        .executable(name: "vouch-issuance-bench", targets: ["IssuanceBenchmarks"]),
        .executable(name: "vouch-site-bench", targets: ["VouchSiteBenchmarks"]),
        .executable(name: "vouch-fuzz", targets: ["VouchFuzz"]),
        .executable(name: "vouch-intake-bench", targets: ["IntakeBenchmarks"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // C bridges: each C library is wrapped exactly once.
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]
        ),
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"])]
        ),
        // No pkgConfig: Debian's libunbound.pc requires libevent.pc, which libunbound-dev does not install.
        .systemLibrary(
            name: "CUnbound",
            providers: [.apt(["libunbound-dev"])]
        ),

        // Domain modules, one concern each (see DESIGN.md).
        // The one shape of every module's errors (a stable code, a reason, the context).
        .target(name: "Failure"),
        .target(name: "PKI", dependencies: ["COpenSSL", "Failure"]),
        .target(name: "Policy", dependencies: ["Failure"]),
        .target(name: "Mail", dependencies: ["Failure"]),
        .target(
            name: "Store",
            dependencies: ["Failure", "PKI", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .target(name: "DNS", dependencies: ["CUnbound", "Failure"]),
        .target(
            name: "Authority",
            dependencies: ["Failure", "PKI", "Policy", "Store", "DNS"]
        ),
        // Root bundles for distribution packagers (issue 10).
        .target(name: "Bundles", dependencies: ["Authority", "Failure", "PKI", "Store"]),
        .target(
            name: "Site",
            dependencies: [
                "Authority", "Bundles", "Failure", "PKI", "Policy", "Store", "CCmark",
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            plugins: ["EmbedDefaults"]
        ),
        // Templates/ and Content/ ship inside the binary (issue 9): before every build the plugin
        // runs scripts/embed-defaults.sh, which writes them into a generated source of the module.
        .plugin(name: "EmbedDefaults", capability: .buildTool(), path: "Sources/EmbedDefaultsPlugin"),
        // The parsers under libFuzzer (`make fuzz`), or replaying a corpus in an ordinary build.
        // Parsed as a library: a fuzzing build (-DVOUCH_FUZZING) has no `main`, libFuzzer brings it.
        .executableTarget(
            name: "VouchFuzz",
            dependencies: ["Authority", "Mail", "PKI", "Site"],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),
        .target(
            name: "Jobs",
            dependencies: [
                "Authority", "Bundles", "Failure", "Mail", "PKI", "Policy", "Store", "Site",
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        // `vouch doctor`: read-only health checks for operators and monitoring.
        .target(name: "Doctor", dependencies: ["Authority", "Failure", "Jobs", "PKI", "Store"]),
        .executableTarget(
            name: "vouch",
            dependencies: [
                "Authority", "Bundles", "Doctor", "Failure", "Jobs", "PKI", "Site", "Store",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // The registry scale benchmark (issue 3): not a test; `make bench`.
        // The synthetic registries the benchmarks seed, outside the production Store module.
        .target(name: "BenchmarkSeed", dependencies: ["Store", .product(name: "GRDB", package: "GRDB.swift")]),
        .executableTarget(
            name: "VouchBenchmarks",
            dependencies: ["BenchmarkSeed", "Store", .product(name: "GRDB", package: "GRDB.swift")]
        ),

        // The issuance and CRL benchmark (issue 8): against openssl speed and openssl ca; `make bench`.
        .executableTarget(
            name: "IssuanceBenchmarks",
            dependencies: ["Authority", "Jobs", "PKI", "Store"]
        ),
        // Mail intake at speed against Python's email package (issue 13): not a test; `make bench`.
        .executableTarget(
            name: "IntakeBenchmarks",
            dependencies: ["Authority", "Jobs", "Mail", "PKI", "Store"]
        ),

        // The site benchmark against Hugo (issue 9): not a test; `make bench`.
        .executableTarget(
            name: "VouchSiteBenchmarks",
            dependencies: ["Authority", "BenchmarkSeed", "Store", .product(name: "GRDB", package: "GRDB.swift")]
        ),

        // Shared by the tests: running the real tools (openssl, pkilint, sqlite3, vouch) and temporary directories.
        .target(name: "VouchTestSupport", path: "Sources/VouchTestSupport"),
        .testTarget(name: "PKITests", dependencies: ["PKI", "VouchTestSupport"]),
        .testTarget(name: "PolicyTests", dependencies: ["Policy"]),
        .testTarget(name: "MailTests", dependencies: ["Mail", "VouchTestSupport"], resources: [.copy("Corpus")]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "VouchTestSupport"]),
        .testTarget(name: "DNSTests", dependencies: ["DNS", "VouchTestSupport"]),
        .testTarget(
            name: "BundlesTests",
            dependencies: ["Authority", "Bundles", "PKI", "Store", "VouchTestSupport"]
        ),
        .testTarget(
            name: "SiteTests",
            dependencies: ["Site", "Authority", "PKI", "Policy", "Store", "VouchTestSupport"]
        ),
        .testTarget(
            name: "VouchTests",
            dependencies: [
                "Authority", "Bundles", "DNS", "Doctor", "Failure", "Mail", "PKI", "Jobs", "Store", "Policy", "Site",
                "VouchTestSupport",
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)

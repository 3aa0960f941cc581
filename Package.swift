// swift-tools-version:6.1
import PackageDescription

// Layers, lowest first (docs/ARCHITECTURE.md, "Modules"):
//   LecternCore   plain values, no I/O, no FFmpeg
//   CLinux        Linux calls Swift's Glibc leaves out (copy_file_range, O_DIRECT, prctl, mallopt)
//   CSearchTables Data/pinyin.txt and Data/simplified.txt in the binary (C23 #embed), searched in place
//   CSearchColumns an FTS5 auxiliary function: which columns hold each phrase of a match (the ranking)
//   CFFmpeg       the C libraries (system library target), seen only by Media
//   CChromaprint  Chromaprint and libswresample (system library target), seen only by Media
//   CPoppler      poppler-glib (system library target): a PDF's text layer, seen only by Documents
//   Documents     a document's text (.docx, .pptx, .pdf, .txt); linked only into lectern-worker
//   Files         the ingest's copy-and-hash pass (FileCopy) and the store's rules for several writers
//                 (ContentStore): plain POSIX, no FFmpeg
//   Media         Swift over FFmpeg; linked only into lectern-worker
//   Workers       the supervisor side of the worker protocol: start, feed, restart, deadline
//   SQLStore      one small SQL interface over both engines: SQLite (GRDB) and PostgreSQL (postgres-nio),
//                 transactions, typed values, errors by kind
//   Catalog       the catalog (GRDB/SQLite behind protocols by concern); the library folder
//   Reports       reports and exports rendered from catalog records (text, md, csv, html)
//   Ingest        scan, metadata, the ingest stages, policy; the single catalog writer
//   Desk          the reviewers' web desk (Hummingbird 2): pages, sessions, media by lecture id
//   lectern       the command line; never links FFmpeg, never imports the web framework
//   lectern-dev   developers' tools: a generated county catalog, the search benchmark
// Lectern runs on Linux only (/proc, O_DIRECT, prctl): no Apple platform is claimed, and
// LecternCore refuses to compile elsewhere.
let package = Package(
    name: "Lectern",
    products: [
        .executable(name: "lectern", targets: ["lectern"]),
        .executable(name: "lectern-worker", targets: ["lectern-worker"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        .target(name: "LecternCore"),
        .target(name: "CLinux"),
        .target(name: "CSearchTables"),
        .target(name: "CSearchColumns", linkerSettings: [.linkedLibrary("sqlite3")]),
        .systemLibrary(
            name: "CFFmpeg",
            pkgConfig: "libavformat",
            providers: [.apt(["libavformat-dev", "libavcodec-dev", "libavutil-dev", "libswscale-dev"])]
        ),
        .systemLibrary(
            name: "CChromaprint",
            pkgConfig: "libchromaprint",
            providers: [.apt(["libchromaprint-dev", "libswresample-dev"])]
        ),
        .systemLibrary(name: "CPoppler", pkgConfig: "poppler-glib", providers: [.apt(["libpoppler-glib-dev"])]),
        .target(name: "Files", dependencies: ["CLinux"]),
        .target(
            name: "Documents",
            dependencies: [
                "LecternCore", "CPoppler", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .target(
            name: "Media",
            dependencies: [
                "LecternCore", "CFFmpeg", "CChromaprint",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Workers",
            dependencies: [
                "LecternCore",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "SQLStore",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Catalog",
            dependencies: [
                "LecternCore", "CSearchTables", "CSearchColumns", "Files", "SQLStore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(name: "Reports", dependencies: ["LecternCore", "Catalog"]),
        .target(
            name: "Ingest",
            dependencies: [
                "LecternCore", "Catalog", "Workers", "Files",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .target(name: "Lobby", dependencies: ["LecternCore", "Catalog", "Workers"]),
        .target(
            name: "Desk",
            dependencies: [
                "LecternCore", "Catalog", "Reports",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        .executableTarget(
            name: "lectern-worker",
            dependencies: [
                "LecternCore", "Media", "Files", "CLinux", "Documents",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "lectern-dev",
            dependencies: [
                "LecternCore", "Catalog",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "lectern",
            dependencies: [
                "LecternCore", "Workers", "Catalog", "Ingest", "Reports", "Desk", "Lobby", "SQLStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            // A release `lectern` carries the Swift runtime and Foundation inside it: a search
            // starts in half the time (no 150 shared libraries to load and relocate;
            // Scripts/bench-search), and the binary runs on a machine without Swift.
            // Compiled with -static-stdlib too, so that its objects name the static libraries
            // Foundation needs (ICU and the rest) for the linker.
            swiftSettings: [.unsafeFlags(["-static-stdlib"], .when(platforms: [.linux], configuration: .release))],
            linkerSettings: [
                .unsafeFlags(["-static-stdlib"], .when(platforms: [.linux], configuration: .release)),
                // Static FoundationXML (the xlsx reader) needs these; the shared one brings its own.
                .linkedLibrary("_CFXMLInterface", .when(platforms: [.linux], configuration: .release)),
                .linkedLibrary("xml2", .when(platforms: [.linux], configuration: .release)),
            ]
        ),
        .testTarget(name: "LecternCoreTests", dependencies: ["LecternCore"]),
        // Helpers more than one test target uses.
        .target(name: "TestSupport", dependencies: ["Catalog"], path: "Tests/TestSupport"),
        .testTarget(name: "FilesTests", dependencies: ["Files", "TestSupport"]),
        .testTarget(
            name: "SQLStoreTests",
            dependencies: ["SQLStore", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(name: "DocumentsTests", dependencies: ["Documents", "LecternCore"]),
        .testTarget(
            name: "MediaTests",
            dependencies: ["Media", "LecternCore", "TestSupport", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(
            name: "CatalogTests",
            dependencies: [
                "Catalog", "LecternCore", "SQLStore", "TestSupport", .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(name: "IngestTests", dependencies: ["Ingest", "Catalog", "Workers", "LecternCore", "TestSupport"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Catalog", "LecternCore", "TestSupport"]),
        .testTarget(name: "LobbyTests", dependencies: ["Lobby", "Catalog", "Workers", "LecternCore", "TestSupport"]),
        .testTarget(
            name: "LecternCLITests",
            dependencies: [
                "lectern", "LecternCore", "Catalog", "Ingest", "Reports", "TestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .testTarget(
            name: "DeskTests",
            dependencies: [
                "Desk", "Catalog", "LecternCore", "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)

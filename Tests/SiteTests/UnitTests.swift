import Authority
import Foundation
import Testing

@testable import Site

@Suite struct FrontMatterTests {
    @Test func parsesFieldsAndBody() throws {
        let front = try FrontMatter(parsing: "---\ntitle: A \"B\"\nversion: '1.0'\n---\nBody\n", origin: "x.md")
        #expect(front["title"] == "A \"B\"")
        #expect(front["version"] == "1.0")
        #expect(front.body == "Body\n")
        #expect(front.bodyLine == 5)
    }

    @Test func aCRLFFileHasTheSameFrontMatter() throws {
        let text = "---\r\ntitle: Windows\r\norder: 2\r\n---\r\nBody\r\n"
        #expect(text.split(separator: "\n").count == 1, "\"\\r\\n\" is one Character")
        let front = try FrontMatter(parsing: text, origin: "x.md")
        #expect(front["title"] == "Windows" && front["order"] == "2")
        #expect(front.body == "Body\n" && front.bodyLine == 5)
    }

    @Test(arguments: [
        ("---\ntitle: x\n", "x.md:1:"), ("---\ntitle: x\nnot a field\n---\n", "x.md:3:"),
        ("---\ntitle: a\ntitle: b\n---\n", "x.md:3:"),
    ])
    func refusesBrokenFrontMatter(text: String, position: String) {
        #expect {
            try FrontMatter(parsing: text, origin: "x.md")
        } throws: { error in
            "\(error)".contains(position)
        }
    }
}

@Suite struct MarkdownTests {
    @Test func dropsRawHTMLAndUnsafeLinks() {
        let html = Markdown.html("<script>alert(1)</script>\n\n[x](javascript:alert(1)) <b onclick=x>y</b>\n")
        #expect(!html.contains("<script"))
        #expect(!html.contains("javascript:"))
        #expect(!html.contains("onclick"))
    }

    @Test func headingsGetUniqueIDs() {
        let html = Markdown.html("## 1.2 Names & numbers\n\n## 1.2 Names & numbers\n")
        #expect(html.contains(#"<h2 id="1-2-names-numbers">"#))
        #expect(html.contains(#"<h2 id="1-2-names-numbers-2">"#))
        #expect(Markdown.headings(in: html).count == 2)
    }
}

@Suite struct TemplateLibraryTests {
    @Test func operatorFilesOverrideTheBuiltInOnesFileByFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vouch-lib-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("mail"),
            withIntermediateDirectories: true
        )
        try "Subject: mine\n\nhello\n".write(
            to: folder.appendingPathComponent("mail/status.mustache"),
            atomically: true,
            encoding: .utf8
        )
        let library = TemplateLibrary.templates(overriding: folder)
        #expect(try library.text("mail/status.mustache").text == "Subject: mine\n\nhello\n")
        #expect(try library.text("mail/probe-email.mustache").origin.hasPrefix("(built in) Templates/mail/"))
        #expect(library.file("../etc/passwd") == nil)
        #expect(library.paths(under: "mail").contains("mail/help.mustache"))
    }

    /// Every file of the repository's Templates/ and Content/ is in the binary, byte for byte.
    @Test func embeddedDefaultsMatchTheRepository() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        for folder in ["Templates", "Content"] {
            let library = TemplateLibrary(directory: nil, embeddedFolder: folder)
            let base = root.appendingPathComponent(folder)
            let walker = FileManager.default.enumerator(atPath: base.path)
            var onDisk: [String] = []
            while let path = walker?.nextObject() as? String {
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(
                    atPath: base.appendingPathComponent(path).path,
                    isDirectory: &isDirectory
                ),
                    !isDirectory.boolValue
                {
                    onDisk.append(path)
                }
            }
            // A top-level folder of two or three letters is a translation, read through its language.
            let translations = Dictionary(grouping: onDisk.filter { $0.contains("/") }) {
                String($0.prefix { $0 != "/" })
            }.filter { SiteSettings.isLocaleTag($0.key) }
            let english = onDisk.filter { path in !translations.values.contains { $0.contains(path) } }
            #expect(library.paths() == english.sorted())
            for path in english {
                #expect(library.file(path)?.bytes == Array(try Data(contentsOf: base.appendingPathComponent(path))))
            }
            #expect(!translations.isEmpty)
            for (language, files) in translations {
                let translated = library.translated(to: language)
                let local = files.map { String($0.dropFirst(language.count + 1)) }.sorted()
                #expect(translated.translatedPaths() == local)
                #expect(Set(translated.paths()) == Set(english).union(local))
                for path in local {
                    #expect(translated.isTranslated(path))
                    #expect(
                        translated.file(path)?.bytes
                            == Array(try Data(contentsOf: base.appendingPathComponent("\(language)/\(path)")))
                    )
                }
                // The English library never hands out a translation's file by its folder's path.
                #expect(library.file(files[0])?.bytes == nil)
            }
        }
    }
}

@Suite struct BarChartTests {
    @Test func drawsOneRectanglePerNonZeroValue() {
        let chart = BarChart(rows: [("2026-11", [3, 0]), ("2026-12", [1, 2])], series: ["smime", "tls"])
        #expect(chart.svg.components(separatedBy: "<rect").count - 1 == 3)
        #expect(chart.rows.map(\.total) == [3, 3])
        #expect(!chart.svg.contains("<script"))
    }
}

@Suite struct PipeTableTests {
    @Test func pipeTablesBecomeTables() {
        let html = Markdown.html("| a | b |\n|---|---|\n| `x` | 2 |\n")
        #expect(html.contains("<table>"))
        #expect(html.contains(#"<th scope="col">a</th>"#))
        #expect(html.contains("<td><code>x</code></td><td>2</td>"))
    }
}

import CCmark
import Foundation

/// CommonMark to HTML, by cmark. Raw HTML in the source is dropped and links with unsafe schemes
/// (`javascript:`, `vbscript:`, `file:`, most `data:`) are emptied (cmark's default safe mode), so
/// a page can never smuggle a script into the site. Headings get `id`s, for links to a section.
package enum Markdown {
    package static func html(_ markdown: String) -> String {
        let bytes = Array(markdown.utf8)
        guard
            let rendered = cmark_markdown_to_html(
                bytes.map { CChar(bitPattern: $0) },
                bytes.count,
                CMARK_OPT_DEFAULT | CMARK_OPT_SMART
            )
        else {
            return ""
        }
        defer { free(rendered) }
        return anchorHeadings(pipeTables(String(cString: rendered)))
    }

    /// GitHub-style pipe tables, which core cmark leaves as paragraphs: a paragraph whose lines all
    /// start and end with `|` and whose second line is a `|---|` rule becomes a table. The cells keep
    /// the inline HTML cmark made of them (already escaped and safe).
    private static func pipeTables(_ html: String) -> String {
        var output = ""
        var rest = html[...]
        while let open = rest.range(of: "<p>|") {
            output += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "</p>") else { break }
            let body = String(rest[rest.index(open.lowerBound, offsetBy: 3)..<close.lowerBound])
            if let table = table(from: body) {
                output += table
            } else {
                output += rest[open.lowerBound..<close.upperBound]
            }
            rest = rest[close.upperBound...]
        }
        output += rest
        return output
    }

    private static func table(from paragraph: String) -> String? {
        let lines = paragraph.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        guard lines.count >= 2, lines.allSatisfy({ $0.hasPrefix("|") && $0.hasSuffix("|") && $0.count >= 2 }),
            lines[1].allSatisfy({ "|-:— –".contains($0) })
        else { return nil }
        func cells(_ line: String) -> [String] {
            line.dropFirst().dropLast().split(separator: "|", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
        }
        let header = cells(lines[0])
        var table = "<div class=\"table-wrap\"><table>\n<thead><tr>"
        table += header.map { "<th scope=\"col\">\($0)</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for line in lines.dropFirst(2) {
            var row = cells(line)
            row += Array(repeating: "", count: max(0, header.count - row.count))
            table += "<tr>" + row.prefix(header.count).map { "<td>\($0)</td>" }.joined() + "</tr>\n"
        }
        return table + "</tbody>\n</table></div>"
    }

    /// The headings of rendered HTML (level 2 and 3), for a table of contents.
    package struct Heading: Sendable, Hashable {
        package var level: Int
        package var id: String
        package var html: String
    }

    package static func headings(in html: String) -> [Heading] {
        var found: [Heading] = []
        var rest = html[...]
        while let open = rest.range(of: "<h") {
            rest = rest[open.upperBound...]
            guard let level = rest.first?.wholeNumberValue, (2...3).contains(level),
                rest.dropFirst().hasPrefix(" id=\""),
                let idEnd = rest.dropFirst(6).firstIndex(of: "\""),
                let close = rest.range(of: "</h\(level)>")
            else { continue }
            let id = String(rest[rest.index(rest.startIndex, offsetBy: 6)..<idEnd])
            guard let bodyStart = rest[idEnd...].firstIndex(of: ">") else { continue }
            found.append(
                Heading(level: level, id: id, html: String(rest[rest.index(after: bodyStart)..<close.lowerBound]))
            )
            rest = rest[close.upperBound...]
        }
        return found
    }

    /// Gives every `<hN>` an id made from its text, unique within the page.
    private static func anchorHeadings(_ html: String) -> String {
        var output = ""
        var used: [String: Int] = [:]
        var rest = html[...]
        while let open = rest.firstRange(of: #/<h([1-6])>/#) {
            output += rest[..<open.lowerBound]
            let level = rest[open][rest[open].index(rest[open].startIndex, offsetBy: 2)]
            let after = rest[open.upperBound...]
            guard let close = after.range(of: "</h\(level)>") else {
                output += rest[open]
                rest = after
                continue
            }
            let inner = after[..<close.lowerBound]
            var slug = slugify(String(inner))
            if slug.isEmpty { slug = "section" }
            if let count = used[slug] {
                used[slug] = count + 1
                slug += "-\(count + 1)"
            } else {
                used[slug] = 1
            }
            output += "<h\(level) id=\"\(slug)\">\(inner)</h\(level)>"
            rest = after[close.upperBound...]
        }
        output += rest
        return output
    }

    /// Lower-case letters and digits joined by hyphens, from the text of an HTML fragment. Letters
    /// outside ASCII are spelt in ASCII (`ä` as `ae`, `ß` as `ss`, `é` as `e`), so a translated
    /// heading still gets a readable id.
    package static func slugify(_ fragment: String) -> String {
        var text = ""
        var inTag = false
        for character in fragment {
            if character == "<" {
                inTag = true
            } else if character == ">" {
                inTag = false
            } else if !inTag {
                text.append(character)
            }
        }
        text = text.replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&quot;", with: "\"")
        var slug = ""
        let spelt = text.lowercased().replacingOccurrences(of: "ä", with: "ae").replacingOccurrences(
            of: "ö",
            with: "oe"
        )
        .replacingOccurrences(of: "ü", with: "ue").replacingOccurrences(of: "ß", with: "ss")
        for scalar in spelt.decomposedStringWithCanonicalMapping.unicodeScalars {
            if scalar.properties.generalCategory == .nonspacingMark { continue }
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                slug.unicodeScalars.append(scalar)
            } else if !slug.isEmpty, slug.last != "-" {
                slug.append("-")
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        return slug
    }
}

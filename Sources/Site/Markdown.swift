import CCmark
import Foundation

/// CommonMark to HTML, by cmark. Raw HTML in the source is not passed through (cmark's default
/// safe mode), so a page can never smuggle a script into the site.
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
        return String(cString: rendered)
    }
}

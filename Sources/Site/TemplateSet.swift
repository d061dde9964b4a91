import Foundation
import Mustache

/// Every template of one folder (`site/` or `mail/`) parsed once into one `MustacheLibrary`, by
/// name: the one loader of the page templates and the robot's mail, with parse errors as
/// `file:line:column`.
package struct TemplateSet: @unchecked Sendable {
    // @unchecked: the library is filled in `init` and only read afterwards; rendering is reentrant.
    let library: MustacheLibrary
    /// A SHA-256 over the folder's templates (with the assets, for `site/`).
    package let fingerprint: String

    package init(_ templates: TemplateLibrary, folder: String) throws {
        var library = MustacheLibrary()
        for path in templates.paths(under: folder) where path.hasSuffix(".mustache") {
            let (text, origin) = try templates.text(path)
            let name = String(path.dropFirst(folder.count + 1).dropLast(".mustache".count))
            library.register(try Self.parse(text, origin: origin), named: name)
        }
        self.library = library
        fingerprint = templates.fingerprint(under: folder)
    }

    package func contains(_ name: String) -> Bool { library.getTemplate(named: name) != nil }

    /// `name` rendered with `values`; a missing template is an error naming the folder's file.
    package func render(_ name: String, _ values: Any, folder: String) throws -> String {
        guard let text = library.render(values, withTemplate: name) else {
            throw SiteError(.missingFile, "the template \(folder)/\(name).mustache is missing")
        }
        return text
    }

    /// Parses a template, turning the parser's position into `file:line:column`.
    package static func parse(_ text: String, origin: String, lineOffset: Int = 0) throws -> MustacheTemplate {
        do {
            return try MustacheTemplate(string: text)
        } catch let error as MustacheTemplate.ParserError {
            throw SiteError(
                .template,
                "\(origin):\(error.context.lineNumber + lineOffset):\(error.context.columnNumber): \(error.error) "
                    + "near '\(error.context.line.trimmingCharacters(in: .whitespaces))'"
            )
        } catch {
            throw SiteError(.template, "\(origin): \(error)")
        }
    }
}

/// The mail templates of a templates folder in one language, with that language's messages.
package struct MailLanguage: Sendable {
    package let templates: TemplateSet
    package let messages: MessageCatalog
    package let reasons: ReasonCatalog
}

/// The mail templates of a templates folder, loaded once per process and language: the CSR job
/// renders thousands of mails from a handful.
package final class MailTemplates: @unchecked Sendable {
    // @unchecked: `sets` is only touched under `lock`; a loaded set is immutable.
    package static let shared = MailTemplates()
    private let lock = NSLock()

    package init() {}
    private var sets: [String: MailLanguage] = [:]

    /// The set for the operator's `directory` in `language` (nil: English), falling back to the
    /// English and then the built-in templates file by file.
    package func set(overriding directory: URL, language: String? = nil) throws -> MailLanguage {
        let key = "\(language ?? "")\u{0}\(directory.path)"
        if let found = lock.withLock({ sets[key] }) { return found }
        let library = TemplateLibrary.templates(overriding: directory).translated(to: language)
        let loaded = MailLanguage(
            templates: try TemplateSet(library, folder: "mail"),
            messages: try MessageCatalog(library),
            reasons: try ReasonCatalog(library)
        )
        lock.withLock { sets[key] = loaded }
        return loaded
    }
}

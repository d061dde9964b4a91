import Authority
import Foundation

/// The files the site and the robot's mail are made from: the operator's own folder first, file by
/// file, then the defaults built into the binary from the package's `Templates/` or `Content/`.
///
/// So `vouch init` and `vouch site build` work from any directory, and an operator who changes one
/// page copies only that page: `TemplateLibrary.templates(overriding: dir).text("mail/status.mustache")`.
///
/// Translations live beside the English files, in a folder named by the locale (`Templates/de/mail/…`,
/// `Content/de/policies/…`): a library for a `language` reads each path from that folder first and
/// falls back to the English file, so a translation may be partial. A top-level folder named with
/// a locale tag (`SiteSettings.isLocaleTag`: two or three lower-case letters) is always a
/// translation, never a section or template folder.
package struct TemplateLibrary: Sendable {
    /// The operator's folder; nil or missing means the defaults alone.
    package let directory: URL?
    /// The folder of the package these defaults come from: `Templates` or `Content`.
    package let embeddedFolder: String
    /// The translation read first, e.g. `de`; nil for the English files alone.
    package let language: String?

    package init(directory: URL?, embeddedFolder: String, language: String? = nil) {
        self.directory = directory
        self.embeddedFolder = embeddedFolder
        self.language = language.flatMap { SiteSettings.isLocaleTag($0) ? $0 : nil }
    }

    /// The same files in `language` (nil: English).
    package func translated(to language: String?) -> TemplateLibrary {
        TemplateLibrary(directory: directory, embeddedFolder: embeddedFolder, language: language)
    }

    /// The English files alone.
    package var base: TemplateLibrary { translated(to: nil) }

    /// Whether `path` is read from the translation rather than falling back to English.
    package func isTranslated(_ path: String) -> Bool {
        guard let language else { return false }
        return rawFile("\(language)/\(path)") != nil
    }

    /// Page and mail templates (`site/…`, `mail/…`).
    package static func templates(overriding directory: URL?) -> TemplateLibrary {
        TemplateLibrary(directory: directory, embeddedFolder: "Templates")
    }

    /// Markdown pages and documents.
    package static func content(overriding directory: URL?) -> TemplateLibrary {
        TemplateLibrary(directory: directory, embeddedFolder: "Content")
    }

    /// One file found in the library, with where it came from for error messages.
    package struct File: Sendable {
        package let path: String
        package let bytes: [UInt8]
        /// The operator's file path, or `(built in) Templates/…`.
        package let origin: String
        package var isOverride: Bool { !origin.hasPrefix("(built in)") }
    }

    /// The file at `path` (relative, e.g. `mail/probe-email.mustache`), or nil when neither the
    /// operator's folder nor the defaults have it.
    package func file(_ path: String) -> File? {
        guard Self.isSafe(path) else { return nil }
        if let language, let translated = rawFile("\(language)/\(path)") {
            return File(path: path, bytes: translated.bytes, origin: translated.origin)
        }
        if let first = path.split(separator: "/").first, path.contains("/"), SiteSettings.isLocaleTag(String(first)) {
            return nil
        }
        return rawFile(path)
    }

    /// The file at exactly `path`, translation folders included.
    private func rawFile(_ path: String) -> File? {
        guard Self.isSafe(path) else { return nil }
        if let directory {
            let url = directory.appendingPathComponent(path)
            if let data = FileManager.default.contents(atPath: url.path) {
                return File(path: path, bytes: Array(data), origin: url.path)
            }
        }
        let key = "\(embeddedFolder)/\(path)"
        guard let encoded = EmbeddedDefaults.files[key], let data = Data(base64Encoded: encoded) else { return nil }
        return File(path: path, bytes: Array(data), origin: "(built in) \(key)")
    }

    /// The file at `path` as UTF-8 text; a missing file or one that is not UTF-8 is an error that
    /// names it.
    package func text(_ path: String) throws -> (text: String, origin: String) {
        guard let file = file(path) else {
            throw SiteError(
                .missingFile,
                "\(embeddedFolder.lowercased()) file \(path) is neither in \(directory?.path ?? "(no folder)") nor built in"
            )
        }
        guard let text = String(validating: file.bytes, as: UTF8.self) else {
            let line = Self.lineOfFirstInvalidByte(file.bytes)
            throw SiteError(.malformedInput, "\(file.origin):\(line): not valid UTF-8")
        }
        guard !text.unicodeScalars.contains("\u{0}") else {
            throw SiteError(.malformedInput, "\(file.origin): contains a NUL character")
        }
        return (text, file.origin)
    }

    /// Every path under `folder` (e.g. `policies`, or "" for all), from both sources, sorted; with a
    /// language, the translation's paths and the English ones together.
    package func paths(under folder: String = "") -> [String] {
        let prefix = folder.isEmpty ? "" : folder.hasSuffix("/") ? folder : folder + "/"
        var found = Set(
            rawPaths(under: prefix).filter {
                guard let first = $0.split(separator: "/").first, $0.contains("/") else { return true }
                return !SiteSettings.isLocaleTag(String(first))
            }
        )
        if let language {
            let translated = "\(language)/"
            found.formUnion(rawPaths(under: translated + prefix).map { String($0.dropFirst(translated.count)) })
        }
        return found.sorted()
    }

    /// The paths the translation itself has under `folder` (none without a language).
    package func translatedPaths(under folder: String = "") -> [String] {
        guard let language else { return [] }
        let prefix = "\(language)/" + (folder.isEmpty ? "" : folder.hasSuffix("/") ? folder : folder + "/")
        return rawPaths(under: prefix).map { String($0.dropFirst(language.count + 1)) }.sorted()
    }

    /// Every path starting with `prefix`, from both sources, translation folders included.
    private func rawPaths(under prefix: String) -> Set<String> {
        var found = Set(
            EmbeddedDefaults.files.keys.compactMap { key -> String? in
                let local = key.dropFirst(embeddedFolder.count + 1)
                return key.hasPrefix(embeddedFolder + "/") && local.hasPrefix(prefix) ? String(local) : nil
            }
        )
        if let directory, let walker = FileManager.default.enumerator(atPath: directory.path) {
            while let name = walker.nextObject() as? String {
                guard name.hasPrefix(prefix), Self.isSafe(name) else { continue }
                var isDirectory: ObjCBool = false
                let url = directory.appendingPathComponent(name)
                if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                    found.insert(name)
                }
            }
        }
        return found
    }

    /// A SHA-256 over every file of the library (paths and bytes): what page hashes start from, so a
    /// changed template or page re-renders what depends on it.
    package func fingerprint(under folder: String = "") -> String {
        var hasher = ContentHasher()
        for path in paths(under: folder) {
            hasher.add(path)
            hasher.add(file(path)?.bytes ?? [])
        }
        return hasher.hex
    }

    /// Relative, without `..`, hidden parts or empty components: no lookup leaves the folder.
    private static func isSafe(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        return !path.hasPrefix("/") && !parts.isEmpty && parts.allSatisfy { !$0.isEmpty && !$0.hasPrefix(".") }
    }

    private static func lineOfFirstInvalidByte(_ bytes: [UInt8]) -> Int {
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        return (lines.firstIndex { String(validating: $0, as: UTF8.self) == nil } ?? 0) + 1
    }
}

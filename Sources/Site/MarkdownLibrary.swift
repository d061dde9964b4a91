import CCmark

/// The cmark Vouch renders Markdown with, for `vouch --version`.
package enum MarkdownLibrary {
    package static var version: String { String(cString: cmark_version_string()) }
}

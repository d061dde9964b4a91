import Foundation

/// A Content-Type (RFC 2045 §5.1): media type, subtype and parameters.
package struct ContentType: Sendable, Hashable, CustomStringConvertible {
    /// Lower-cased, e.g. "text".
    package let type: String
    /// Lower-cased, e.g. "plain".
    package let subtype: String
    /// Parameter names lower-cased; values as decoded (RFC 2231 resolved).
    package let parameters: [String: String]
    /// Parameters given twice or with escapes, which another reader (OpenSSL) might read otherwise.
    package let ambiguousParameters: Set<String>

    package init(
        type: String,
        subtype: String,
        parameters: [String: String] = [:],
        ambiguousParameters: Set<String> = []
    ) {
        self.type = type.lowercased()
        self.subtype = subtype.lowercased()
        self.parameters = parameters
        self.ambiguousParameters = ambiguousParameters
    }

    /// "type/subtype", lower-cased.
    package var mimeType: String { "\(type)/\(subtype)" }
    package var description: String { mimeType }

    package func parameter(_ name: String) -> String? { parameters[name.lowercased()] }
    package var charset: String? { parameters["charset"] }
    /// The plain `boundary=` parameter; `boundary*` is never read (see `MIMEParameters`).
    package var boundary: String? { parameters["boundary"] }
    /// Whether the boundary could be read two ways: then no signature on this part is trusted.
    package var hasAmbiguousBoundary: Bool { ambiguousParameters.contains("boundary") }
    package var isMultipart: Bool { type == "multipart" }
    package var isText: Bool { type == "text" }

    /// The default when a part has no (usable) Content-Type (RFC 2045 §5.2).
    package static let textPlain = ContentType(type: "text", subtype: "plain", parameters: ["charset": "us-ascii"])
    /// The default inside multipart/digest (RFC 2046 §5.1.5).
    static let messageRFC822 = ContentType(type: "message", subtype: "rfc822")

    /// Parses a header value; nil when there is no `type/subtype`.
    package static func parse(_ value: String) -> ContentType? {
        let parsed = MIMEParameters.parseReportingAmbiguity(value)
        let pieces = parsed.head.split(separator: "/", maxSplits: 1)
        guard pieces.count == 2 else { return nil }
        let type = pieces[0].trimmingCharacters(in: .whitespaces)
        let subtype = pieces[1].trimmingCharacters(in: .whitespaces)
        guard isToken(type), isToken(subtype) else { return nil }
        return ContentType(
            type: type,
            subtype: subtype,
            parameters: parsed.parameters,
            ambiguousParameters: parsed.ambiguous
        )
    }

    /// RFC 2045 §5.1 token: printable ASCII without white space or tspecials.
    static func isToken(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { $0 > 32 && $0 < 127 && !tspecials.contains($0) }
    }

    private static let tspecials: Set<UInt8> = Set("()<>@,;:\\\"/[]?=".utf8)
}

/// A Content-Disposition (RFC 2183): whether a part is an attachment, and its file name.
package struct ContentDisposition: Sendable, Hashable {
    /// Lower-cased: "inline", "attachment", or whatever the sender wrote.
    package let kind: String
    package let parameters: [String: String]

    package var isAttachment: Bool { kind == "attachment" }
    /// The `filename` parameter, RFC 2231 `filename*` taking precedence.
    package var filename: String? { parameters["filename"].flatMap { $0.isEmpty ? nil : $0 } }

    package static func parse(_ value: String) -> ContentDisposition {
        let (head, parameters) = MIMEParameters.parse(value)
        return ContentDisposition(kind: head.lowercased(), parameters: parameters)
    }
}

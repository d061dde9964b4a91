/// A file carried by a message: received (a CSR, a signature) or sent (a certificate).
package struct Attachment: Sendable, Hashable {
    /// From Content-Disposition `filename` (RFC 2183, RFC 2231 `filename*`) or else Content-Type `name`.
    package var filename: String?
    /// "type/subtype", lower-cased.
    package var contentType: String
    /// The decoded content.
    package var data: [UInt8]

    package init(filename: String?, contentType: String, data: [UInt8]) {
        self.filename = filename
        self.contentType = contentType
        self.data = data
    }
}

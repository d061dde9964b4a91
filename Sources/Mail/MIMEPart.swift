/// One node of a message's MIME tree (RFC 2045, RFC 2046): the whole message, a multipart, a leaf, or a
/// message embedded in a message/rfc822 part.
package struct MIMEPart: Sendable {
    package let headers: [HeaderField]
    /// The type the part is treated as: a multipart whose boundary is missing or never appears is treated as
    /// text/plain (the message's `problems` say so).
    package let contentType: ContentType
    package let contentDisposition: ContentDisposition?
    /// Lower-cased Content-Transfer-Encoding; "7bit" when absent.
    package let transferEncoding: String
    /// The decoded content of a leaf (transfer encoding undone); empty for multiparts.
    package let body: [UInt8]
    /// The content of a text/* leaf in its charset; nil for other parts.
    package let text: String?
    /// The parts of a multipart in order, or the one embedded message of a message/rfc822 part.
    package let children: [MIMEPart]
    /// 0 for the message itself.
    package let depth: Int
    /// Where the part (headers included) lies in the message's bytes.
    package let rawRange: Range<Int>
    /// Where the part's body lies in the message's bytes.
    package let bodyRange: Range<Int>
    /// The whole message, shared (copy-on-write) rather than copied by every part.
    private let source: [UInt8]

    init(
        headers: [HeaderField],
        contentType: ContentType,
        contentDisposition: ContentDisposition?,
        transferEncoding: String,
        body: [UInt8],
        text: String?,
        children: [MIMEPart],
        depth: Int,
        rawRange: Range<Int>,
        bodyRange: Range<Int>,
        source: [UInt8]
    ) {
        self.headers = headers
        self.contentType = contentType
        self.contentDisposition = contentDisposition
        self.transferEncoding = transferEncoding
        self.body = body
        self.text = text
        self.children = children
        self.depth = depth
        self.rawRange = rawRange
        self.bodyRange = bodyRange
        self.source = source
    }

    /// The exact bytes of the part, headers included, as they arrived.
    ///
    /// For the first part of a multipart/signed these are the bytes the signature covers (RFC 1847 §2.1,
    /// RFC 8551 §3.5): the CRLF before the next boundary belongs to the boundary and is not included. Line
    /// endings are as stored (a Maildir holds LF); canonicalize to CRLF before verifying.
    package var rawBytes: [UInt8] { Array(source[rawRange]) }

    /// The exact bytes of the body, still transfer-encoded.
    package var rawBody: [UInt8] { Array(source[bodyRange]) }

    /// The first value of the field `name` (case-insensitive), decoded for people.
    package func header(_ name: String) -> String? { headers.first { $0.hasName(name) }?.value }

    /// Every value of the field `name`, in order, decoded for people.
    package func allHeaders(_ name: String) -> [String] { headers.filter { $0.hasName(name) }.map(\.value) }

    /// The first raw (not RFC 2047 decoded) value of the field `name`.
    package func rawHeader(_ name: String) -> String? { headers.first { $0.hasName(name) }?.rawValue }

    package var isMultipart: Bool { contentType.isMultipart }

    /// Content-Disposition `filename` first (RFC 2183), then the older Content-Type `name` (RFC 1341).
    package var filename: String? {
        if let name = contentDisposition?.filename { return name }
        if let name = contentType.parameter("name"), !name.isEmpty { return name }
        return nil
    }

    /// Whether the part is a file rather than the message text: marked as an attachment, named, or of a
    /// type that is not text (a CSR sent inline as application/pkcs10 is still a file).
    package var isAttachment: Bool {
        guard children.isEmpty, !isMultipart else { return false }
        if contentDisposition?.isAttachment == true || filename != nil { return true }
        return contentType.type != "text" && contentType.type != "message"
    }
}

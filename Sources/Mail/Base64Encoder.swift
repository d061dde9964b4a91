import Foundation

/// Base64 (RFC 2045 §6.8) for what Vouch sends: attachments and encoded words.
enum Base64Encoder {
    static func encode(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }

    /// Lines of 76 characters ending in CRLF, the longest RFC 2045 allows.
    static func encodeLines(_ bytes: [UInt8]) -> String {
        let text = encode(bytes)
        var output = ""
        output.reserveCapacity(text.utf8.count + text.utf8.count / 38 + 2)
        var index = text.startIndex
        while index < text.endIndex {
            let end = text.index(index, offsetBy: 76, limitedBy: text.endIndex) ?? text.endIndex
            output += text[index..<end]
            output += "\r\n"
            index = end
        }
        return output
    }
}

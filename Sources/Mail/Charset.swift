import Foundation

/// Turns bytes into text for the character sets that members' mail programs label their mail with.
///
/// UTF-8, US-ASCII and ISO-8859-1 are understood. ISO-8859-1 is read as windows-1252, as the WHATWG Encoding
/// Standard §4.2 does, because mail labelled Latin-1 that uses 0x80–0x9F means Windows' quotes and dashes,
/// never C1 control characters. Any other label is read as UTF-8 with U+FFFD for invalid bytes, and the
/// caller notes it.
enum Charset {
    /// Decodes `bytes` labelled `label`; `recognized` is false when the label was unknown and UTF-8 was assumed.
    static func decode(_ bytes: some Collection<UInt8>, label: String?) -> (text: String, recognized: Bool) {
        let name = normalized(label)
        if utf8Labels.contains(name) || asciiLabels.contains(name) {
            // US-ASCII mail with 8-bit bytes is nearly always mislabelled UTF-8.
            return (String(decoding: bytes, as: UTF8.self), true)
        }
        if latin1Labels.contains(name) { return (windows1252(bytes), true) }
        return (String(decoding: bytes, as: UTF8.self), false)
    }

    /// Text from header bytes, which RFC 6532 allows to be raw UTF-8; anything else is taken as Latin-1.
    static func headerText(_ bytes: some Collection<UInt8>) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        return windows1252(bytes)
    }

    static func windows1252(_ bytes: some Collection<UInt8>) -> String {
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            if (0x80...0x9F).contains(byte), let scalar = Unicode.Scalar(windows1252High[Int(byte) - 0x80]) {
                scalars.append(scalar)
            } else {
                scalars.append(Unicode.Scalar(byte))
            }
        }
        return String(scalars)
    }

    private static func normalized(_ label: String?) -> String {
        guard let label else { return "us-ascii" }
        var name = label.trimmingCharacters(in: .whitespaces).lowercased()
        name.removeAll { $0 == "\"" || $0 == "'" }
        // RFC 2231 §5 allows a language after the charset in encoded words: "utf-8*en".
        if let star = name.firstIndex(of: "*") { name = String(name[..<star]) }
        return name.isEmpty ? "us-ascii" : name
    }

    private static let utf8Labels: Set<String> = ["utf-8", "utf8", "unicode-1-1-utf-8"]
    private static let asciiLabels: Set<String> = [
        "us-ascii", "ascii", "ansi_x3.4-1968", "iso646-us", "us", "iso-ir-6", "cp367", "ibm367",
    ]
    private static let latin1Labels: Set<String> = [
        "iso-8859-1", "iso8859-1", "iso_8859-1", "iso_8859-1:1987", "latin1", "latin-1", "l1", "cp819",
        "ibm819", "iso-ir-100", "csisolatin1", "windows-1252", "cp1252", "x-cp1252",
    ]

    /// windows-1252 0x80–0x9F; the five unassigned positions keep their C1 code points.
    private static let windows1252High: [UInt32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152,
        0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122,
        0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]
}

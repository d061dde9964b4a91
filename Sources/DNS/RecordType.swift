/// The resource record types Vouch asks for (IANA DNS parameters).
package struct RecordType: Sendable, Hashable, CustomStringConvertible {
    package let code: Int32
    package let name: String

    package static let txt = RecordType(code: 16, name: "TXT")
    package static let caa = RecordType(code: 257, name: "CAA")

    package var description: String { name }
}

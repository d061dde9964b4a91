import COpenSSL

/// An X.501 name as an ordered list of attributes, one per RDN (RFC 5280 §4.1.2.4).
package struct DistinguishedName: Sendable, Hashable, CustomStringConvertible {
    /// The attribute types Vouch writes and reads by name.
    package enum AttributeType: String, Sendable, Hashable {
        case country = "C"
        case organization = "O"
        case organizationalUnit = "OU"
        case commonName = "CN"
        case givenName = "GN"
        case surname = "SN"
        case emailAddress = "emailAddress"

        var nid: Int32 {
            switch self {
            case .givenName: return NID_givenName
            case .surname: return NID_surname
            case .country: return NID_countryName
            case .organization: return NID_organizationName
            case .organizationalUnit: return NID_organizationalUnitName
            case .commonName: return NID_commonName
            case .emailAddress: return NID_pkcs9_emailAddress
            }
        }

        /// PrintableString for countryName, IA5String for emailAddress, UTF8String for the rest
        /// (RFC 5280 §4.1.2.4 and appendix A).
        var stringType: Int32 {
            switch self {
            case .country: return V_ASN1_PRINTABLESTRING
            case .emailAddress: return V_ASN1_IA5STRING
            case .organization, .organizationalUnit, .commonName, .givenName, .surname: return V_ASN1_UTF8STRING
            }
        }

        init?(nid: Int32) {
            switch nid {
            case NID_countryName: self = .country
            case NID_organizationName: self = .organization
            case NID_organizationalUnitName: self = .organizationalUnit
            case NID_commonName: self = .commonName
            case NID_givenName: self = .givenName
            case NID_surname: self = .surname
            case NID_pkcs9_emailAddress: self = .emailAddress
            default: return nil
            }
        }
    }

    /// One attribute; `type` is the short name (or dotted OID) of attributes Vouch does not model.
    package struct Attribute: Sendable, Hashable {
        package let type: String
        package let value: String
    }

    package private(set) var attributes: [Attribute]

    package init() { attributes = [] }

    package init(_ pairs: [(AttributeType, String)]) {
        attributes = pairs.map { Attribute(type: $0.0.rawValue, value: $0.1) }
    }

    /// The values of one attribute type, in order.
    package func values(of type: AttributeType) -> [String] {
        attributes.filter { $0.type == type.rawValue }.map(\.value)
    }

    package var commonName: String? { values(of: .commonName).first }

    package var isEmpty: Bool { attributes.isEmpty }

    /// A one-line form, most significant first: "CN=…, O=…" reversed as RFC 4514 would, kept readable.
    package var description: String {
        attributes.map { "\($0.type)=\($0.value)" }.joined(separator: ", ")
    }

    /// Builds an OpenSSL `X509_NAME` that the caller owns. Values are set as typed strings of the
    /// right ASN.1 type, never parsed from a config string.
    /// The DER of the name, for comparing names as X.509 does (byte for byte after encoding).
    var derEncoded: [UInt8] {
        get throws {
            let name = try makeX509Name()
            defer { X509_NAME_free(name) }
            return try encodeDER("name") { i2d_X509_NAME(name, $0) }
        }
    }

    func makeX509Name() throws -> OpaquePointer {
        guard let name = X509_NAME_new() else { throw PKIError.drainingOpenSSL(.encoding, "out of memory") }
        for attribute in attributes {
            guard let known = AttributeType(rawValue: attribute.type) else {
                X509_NAME_free(name)
                throw PKIError(.invalidProfileInput, "name attribute \(attribute.type) is not supported")
            }
            let bytes = Array(attribute.value.utf8)
            let added = bytes.withUnsafeBufferPointer { buffer in
                X509_NAME_add_entry_by_NID(
                    name,
                    known.nid,
                    known.stringType,
                    buffer.baseAddress,
                    Int32(buffer.count),
                    -1,
                    0
                )
            }
            guard added == 1 else {
                X509_NAME_free(name)
                throw PKIError.drainingOpenSSL(
                    .invalidProfileInput,
                    "cannot encode \(attribute.type)=\(attribute.value)"
                )
            }
        }
        return name
    }

    /// Reads a name that OpenSSL owns.
    init(borrowing name: OpaquePointer) {
        var attributes: [Attribute] = []
        for index in 0..<X509_NAME_entry_count(name) {
            guard let entry = X509_NAME_get_entry(name, index) else { continue }
            let object = X509_NAME_ENTRY_get_object(entry)
            let nid = OBJ_obj2nid(object)
            let type = AttributeType(nid: nid)?.rawValue ?? objectText(object)
            attributes.append(Attribute(type: type, value: asn1StringText(X509_NAME_ENTRY_get_data(entry))))
        }
        self.attributes = attributes
    }
}

/// The dotted (or short) form of an ASN.1 object.
func objectText(_ object: OpaquePointer?) -> String {
    var buffer = [CChar](repeating: 0, count: 128)
    let length = OBJ_obj2txt(&buffer, Int32(buffer.count), object, 1)
    guard length > 0 else { return "?" }
    return String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// The text of any ASN.1 string type, as UTF-8.
func asn1StringText(_ string: UnsafePointer<ASN1_STRING>?) -> String {
    guard let string else { return "" }
    var output: UnsafeMutablePointer<UInt8>?
    let length = ASN1_STRING_to_UTF8(&output, string)
    guard length >= 0, let output else {
        _ = drainOpenSSLErrors()
        return ""
    }
    defer { vouch_OPENSSL_free(output) }
    return String(decoding: UnsafeBufferPointer(start: output, count: Int(length)), as: UTF8.self)
}

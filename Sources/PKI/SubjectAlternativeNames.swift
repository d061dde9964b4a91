import COpenSSL

/// The names of a subjectAltName extension that Vouch issues for, and those it does not support.
package struct SubjectAlternativeNames: Sendable, Hashable {
    package var emailAddresses: [String] = []
    package var dnsNames: [String] = []
    /// Other GeneralName types found (IP address, URI, directory name …), by name.
    package var unsupportedTypes: [String] = []

    package init(emailAddresses: [String] = [], dnsNames: [String] = []) {
        self.emailAddresses = emailAddresses
        self.dnsNames = dnsNames
    }

    package var isEmpty: Bool { emailAddresses.isEmpty && dnsNames.isEmpty && unsupportedTypes.isEmpty }

    /// Reads, then frees, a `GENERAL_NAMES` stack.
    init(taking names: OpaquePointer) throws {
        defer { GENERAL_NAMES_free(names) }
        for index in 0..<vouch_sk_GENERAL_NAME_num(names) {
            guard let name = vouch_sk_GENERAL_NAME_value(names, index) else { continue }
            switch vouch_GEN_type(name) {
            case GEN_EMAIL: emailAddresses.append(asn1StringText(vouch_GEN_ia5(name)))
            case GEN_DNS: dnsNames.append(asn1StringText(vouch_GEN_ia5(name)))
            case GEN_IPADD: unsupportedTypes.append("iPAddress")
            case GEN_URI: unsupportedTypes.append("uniformResourceIdentifier")
            case GEN_DIRNAME: unsupportedTypes.append("directoryName")
            case GEN_RID: unsupportedTypes.append("registeredID")
            case GEN_OTHERNAME: unsupportedTypes.append("otherName")
            case GEN_X400: unsupportedTypes.append("x400Address")
            case GEN_EDIPARTY: unsupportedTypes.append("ediPartyName")
            default: unsupportedTypes.append("unknown")
            }
        }
    }

    /// The extension value: a SEQUENCE of GeneralName (RFC 5280 §4.2.1.6).
    var der: [UInt8] {
        DER.sequence(emailAddresses.map(DER.rfc822Name) + dnsNames.map(DER.dnsName))
    }
}

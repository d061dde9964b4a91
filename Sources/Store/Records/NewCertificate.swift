import Foundation

/// What a caller knows about a certificate before the Store assigns it an id.
package struct NewCertificate: Sendable, Hashable {
    package var issuerID: Int64
    package var serialHex: String
    package var profile: String
    package var subject: String
    package var subjectAltNames: [String]
    package var notBefore: Date
    package var notAfter: Date
    package var spkiSHA256: String
    package var der: Data?
    package var memberID: Int64?
    package var requestID: Int64?
    package var crlShard: Int?
    package var lint: String?

    package init(
        issuerID: Int64,
        serialHex: String,
        profile: String,
        subject: String,
        subjectAltNames: [String],
        notBefore: Date,
        notAfter: Date,
        spkiSHA256: String,
        der: Data? = nil,
        memberID: Int64? = nil,
        requestID: Int64? = nil,
        crlShard: Int? = nil,
        lint: String? = nil
    ) {
        self.issuerID = issuerID
        self.serialHex = serialHex
        self.profile = profile
        self.subject = subject
        self.subjectAltNames = subjectAltNames
        self.notBefore = notBefore
        self.notAfter = notAfter
        self.spkiSHA256 = spkiSHA256
        self.der = der
        self.memberID = memberID
        self.requestID = requestID
        self.crlShard = crlShard
        self.lint = lint
    }
}

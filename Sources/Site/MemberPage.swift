import Authority
import Foundation
import PKI
import Policy
import Store

/// Everything one member's status page shows, and nothing more: never the date of birth. Also the
/// input of the page's hash, so it holds no time of the build.
struct MemberPage: Codable, Hashable, Sendable {
    struct Assurance: Codable, Hashable, Sendable {
        var with: String
        var points: Int
        var counted: Int?
        var date: String
        var location: String
        var method: String
        var revoked: Bool
        var note: String?
        /// For a revoked assurance: the day, the arbitrator's ruling, and (received) the points around it.
        var revokedOn: String?
        var ruling: String?
        var pointsBefore: Int?
        var pointsAfter: Int?
    }

    struct Address: Codable, Hashable, Sendable {
        var name: String
        var verified: String?
        var method: String?
        /// Until when the verification may be relied on for a certificate.
        var reuseUntil: String?
        var reuseExpired: Bool
    }

    struct CertificateLine: Codable, Hashable, Sendable {
        var serial: String
        var profile: String
        var names: [String]
        var notBefore: String
        var notAfter: String
        var revoked: String?
        var reason: String?
        var isExpired: Bool
        var isValid: Bool
        var fileName: String
        /// The PEM as a `data:` URL: the download lives inside the private page, at no address of its own.
        var download: String
    }

    struct Pending: Codable, Hashable, Sendable {
        var kind: String
        var state: String
        var received: String
        var isWaitingForConfirmation: Bool
    }

    var name: String
    var primaryEmail: String
    var blocked: Bool
    var isMinor: Bool
    var points: MemberReport.Points
    var privileges: MemberReport.Privileges
    /// Nil when empty, so that `{{^profiles}}` can say "none yet" (Mustache treats "" and 0 as true).
    var profiles: String?
    var received: [Assurance]
    var given: [Assurance]
    var emails: [Address]
    var domains: [Address]
    var certificates: [CertificateLine]
    var pending: [Pending]
    // What the member can do next; the template turns these into sentences.
    var needsVerifiedEmail: Bool
    var pointsToName: Int?
    var pointsToCodeSigning: Int?
    var pointsToAssurer: Int?
    var mayTakeChallenge: Bool
    var hasNoDomains: Bool
    var hasNoCertificates: Bool
    var hasReceived: Bool
    var hasGiven: Bool
    var hasPending: Bool
    /// The locale the page is written in: a change of language is a change of the page.
    var language: String

    init(member: Member, authority: CertificateAuthority, now: Date, language: String) throws {
        self.language = language
        let report = try authority.memberReport(member, now: now)
        let policy = authority.configuration.policy
        let store = authority.store
        name = Self.clean(report.name)
        primaryEmail = Self.clean(report.primaryEmail)
        blocked = report.blocked
        isMinor = report.isMinor
        points = report.points
        privileges = report.privileges
        profiles = report.privileges.profiles.isEmpty ? nil : report.privileges.profiles.joined(separator: ", ")
        received = report.assurancesReceived.map(Self.assurance)
        given = report.assurancesGiven.map(Self.assurance)
        let emailRecords = try store.emails(forMember: member.id)
        emails = emailRecords.map { email in
            let until = email.verifiedAt.map {
                $0.addingTimeInterval(TimeInterval(policy.emailValidationReuseDays) * 86_400)
            }
            return Address(
                name: Self.clean(email.address),
                verified: email.verifiedAt.map(SiteDates.day),
                method: email.verificationMethod,
                reuseUntil: until.map(SiteDates.day),
                reuseExpired: until.map { $0 < now } ?? false
            )
        }
        let reuseDays = policy.domainValidationReuseDays(at: now)
        domains = try store.domains(forMember: member.id).map { domain in
            let until = domain.verifiedAt.map { $0.addingTimeInterval(TimeInterval(reuseDays) * 86_400) }
            return Address(
                name: Self.clean(domain.name),
                verified: domain.verifiedAt.map(SiteDates.day),
                method: domain.verificationMethod,
                reuseUntil: until.map(SiteDates.day),
                reuseExpired: until.map { $0 < now } ?? false
            )
        }
        certificates = try store.certificates(forMember: member.id).compactMap { record in
            guard let der = record.der else { return nil }
            let pem = Self.pem(der)
            let expired = record.notAfter < now
            return CertificateLine(
                serial: record.serialHex,
                profile: record.profile,
                names: record.subjectAltNames.map(Self.clean),
                notBefore: SiteDates.day(record.notBefore),
                notAfter: SiteDates.day(record.notAfter),
                revoked: record.revokedAt.map(SiteDates.day),
                reason: record.revocationReason,
                isExpired: expired,
                isValid: !expired && record.revokedAt == nil,
                fileName: "\(record.serialHex).pem",
                download: "data:application/x-pem-file;base64," + Data(pem.utf8).base64EncodedString()
            )
        }
        pending = try store.pendingRequests(senders: emailRecords.map(\.address)).map {
            Pending(
                kind: $0.kind.rawValue,
                state: $0.state.rawValue,
                received: SiteDates.day($0.receivedAt),
                isWaitingForConfirmation: $0.state == .waitingConfirmation
            )
        }
        needsVerifiedEmail = !emailRecords.contains { $0.verifiedAt != nil }
        let assurance = report.points.assurance
        func positive(_ value: Int) -> Int? { value > 0 ? value : nil }
        pointsToName = report.privileges.nameMayAppear ? nil : positive(policy.nameMinPoints - assurance)
        pointsToCodeSigning = positive(policy.codeSigningMinPoints - assurance)
        pointsToAssurer = report.privileges.isAssurer ? nil : positive(policy.assurerMinPoints - assurance)
        mayTakeChallenge = !report.privileges.isAssurer && assurance >= policy.assurerMinPoints
        hasNoDomains = domains.isEmpty
        hasNoCertificates = certificates.isEmpty
        hasReceived = !received.isEmpty
        hasGiven = !given.isEmpty
        hasPending = !pending.isEmpty
    }

    /// The words the registry and the rules put on a page (how an address was verified, how an
    /// assurance was made, why points are held down): each a key of `reasons.txt`.
    static let registryWords: [String] =
        assuranceMethodNames + [
            CertificateAuthority.probeReplyMethod, DNSValidation.constructedAddressMethod, DNSValidation.changeMethod,
            DNSValidation.contactMethod,
        ]

    /// The page with those words in its language.
    func translated(_ reasons: ReasonCatalog) -> MemberPage {
        var page = self
        page.points.limitedBy = points.limitedBy.map(reasons.translate)
        func assurance(_ line: Assurance) -> Assurance {
            var line = line
            line.method = reasons.translate(line.method)
            line.note = line.note.map(reasons.translate)
            return line
        }
        page.received = received.map(assurance)
        page.given = given.map(assurance)
        func address(_ line: Address) -> Address {
            var line = line
            line.method = line.method.map(reasons.translate)
            return line
        }
        page.emails = emails.map(address)
        page.domains = domains.map(address)
        return page
    }

    private static func assurance(_ line: MemberReport.AssuranceLine) -> Assurance {
        Assurance(
            with: clean(line.with),
            points: line.points,
            counted: line.counted,
            date: line.date,
            location: clean(line.location),
            method: line.method,
            revoked: line.revoked,
            note: line.note,
            revokedOn: line.revokedAt.map { String($0.prefix(10)) },
            ruling: line.ruling.map(clean),
            pointsBefore: line.pointsBefore,
            pointsAfter: line.pointsAfter
        )
    }

    /// Member-supplied text as a page may show it: control characters (NUL, C0, DEL, C1), which
    /// HTML cannot carry, become U+FFFD. Markup is escaped by the templates, and bidirectional
    /// overrides are confined by the `<bdi>` elements around every such value.
    static func clean(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { isControl($0) ? "\u{FFFD}" : $0 }))
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    static func pem(_ der: Data) -> String {
        let encoded = Array(der.base64EncodedString().utf8)
        var text = "-----BEGIN CERTIFICATE-----\n"
        var start = 0
        while start < encoded.count {
            let end = min(start + 64, encoded.count)
            text += String(decoding: encoded[start..<end], as: UTF8.self) + "\n"
            start = end
        }
        return text + "-----END CERTIFICATE-----\n"
    }

    /// The input hash: the page's data under the templates, content and configuration.
    func hash(fingerprint: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        var hasher = ContentHasher()
        hasher.add(fingerprint)
        hasher.add((try? encoder.encode(self)).map { Array($0) } ?? [])
        return hasher.hex
    }
}

extension PolicyViolation {
    /// A stable violation code; a struct rather than an enum so that new codes do not break clients.
    public struct Code: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
        /// The code as written in logs and JSON.
        public var rawValue: String

        /// Wraps a code string.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// The code string.
        public var description: String { rawValue }

        /// An assurer tried to assure themselves.
        public static let selfAssurance = Code(rawValue: "self-assurance")
        /// The assurer has already assured this member.
        public static let duplicateAssurance = Code(rawValue: "duplicate-assurance")
        /// Points below 0 or above what this assurer may award.
        public static let pointsOutOfRange = Code(rawValue: "points-out-of-range")
        /// A TTP-assisted assurance above its per-assurance cap.
        public static let ttpPointsCap = Code(rawValue: "ttp-points-cap")
        /// The member already has the most TTP-assisted assurances that count.
        public static let ttpLimit = Code(rawValue: "ttp-limit")
        /// The assurer does not (or no longer) hold assurer status.
        public static let notAnAssurer = Code(rawValue: "not-an-assurer")
        /// The meeting date is not a real calendar day.
        public static let malformedMeetingDate = Code(rawValue: "malformed-meeting-date")
        /// The meeting date lies after today (UTC).
        public static let futureMeetingDate = Code(rawValue: "future-meeting-date")
        /// The meeting date lies further back than an assurance may be recorded.
        public static let staleMeetingDate = Code(rawValue: "stale-meeting-date")
        /// The name or date of birth the assurer saw differs from the assuree's record.
        public static let identityMismatch = Code(rawValue: "identity-mismatch")
        /// A member under 18 lacks recorded parental consent.
        public static let minorWithoutConsent = Code(rawValue: "minor-without-consent")
        /// The proposal names other members than the facts supplied with it.
        public static let memberMismatch = Code(rawValue: "member-mismatch")
        /// Too few assurance points for the privilege.
        public static let insufficientPoints = Code(rawValue: "insufficient-points")
        /// The Assurer Challenge has not been passed.
        public static let challengeNotPassed = Code(rawValue: "challenge-not-passed")
        /// A name with characters no identity document has (controls, bidi overrides, symbols).
        public static let malformedName = Code(rawValue: "malformed-name")
        /// A configured number passes a limit of the Baseline Requirements.
        public static let configurationLimit = Code(rawValue: "configuration-limit")
        /// A date of birth that is not a `YYYY-MM-DD` calendar day.
        public static let malformedDateOfBirth = Code(rawValue: "malformed-date-of-birth")
        /// A date of birth in the future or more than 130 years back.
        public static let implausibleDateOfBirth = Code(rawValue: "implausible-date-of-birth")
        /// A domain contact that is not one of the constructed addresses.
        public static let notAConstructedContact = Code(rawValue: "not-a-constructed-contact")
        /// The member is blocked.
        public static let memberBlocked = Code(rawValue: "member-blocked")
    }
}

import Foundation
import GRDB

/// A registered person. The date of birth is kept for assurance (the assurer compares it with the
/// ID) and the under-18 rules; it never leaves the Store for a public page.
package struct Member: Sendable, Hashable {
    package var id: Int64
    /// The name exactly as on the identity document, because assurers compare it letter by letter.
    package var name: String
    /// `YYYY-MM-DD`.
    package var dateOfBirth: String
    package var primaryEmail: String
    /// A random 128-bit identifier naming the member's unlisted status page; rotating it
    /// invalidates every link sent before.
    package var statusPageID: String
    /// The page a `status@` request replaced: still valid until the member retires it by answering
    /// the mail that brought the new link, so a forged `status@` cannot take a member's link away.
    package var previousStatusPageID: String?
    /// When a parent or guardian's consent was recorded; minors need it (Assurance Policy §2.3).
    package var parentalConsentAt: Date?
    package var blocked: Bool
    package var createdAt: Date
    /// The language of every mail and of the status page (`de`), as the member last asked with a
    /// `Language:` line or as registration guessed it; nil means the site's default.
    package var language: String?
}

extension Member: FetchableRecord {
    static let columns = """
        id, name, date_of_birth, primary_email, status_page_id, parental_consent_at, blocked, created_at, \
        previous_status_page_id, language
        """

    package init(row: Row) throws {
        id = try row.decode(forColumn: "id")
        name = try row.decode(forColumn: "name")
        dateOfBirth = try row.decode(forColumn: "date_of_birth")
        primaryEmail = try row.decode(forColumn: "primary_email")
        statusPageID = try row.decode(forColumn: "status_page_id")
        previousStatusPageID = try row.decode(forColumn: "previous_status_page_id")
        parentalConsentAt = try row.decode(forColumn: "parental_consent_at")
        blocked = try row.decode(forColumn: "blocked")
        createdAt = try row.decode(forColumn: "created_at")
        language = try row.decode(forColumn: "language")
    }
}

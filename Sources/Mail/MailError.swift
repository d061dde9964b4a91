import Failure

/// Why a message could not be read, built, stored or sent.
///
/// A struct rather than an enum so that codes can be added without breaking callers (STYLE.md §5). `code` is
/// stable and meant for programs (and request rows); `reason` is meant for the member or operator who reads it.
///
/// Codes: `too-large`, `too-deep`, `too-many-parts`, `header-injection`, `invalid-address`, `invalid-header`,
/// `maildir`, `transport`.
package struct MailError: VouchFailure, Hashable {
    package let code: String
    package let reason: String

    package init(code: String, reason: String) {
        self.code = code
        self.reason = reason
    }

    package var description: String { "\(code): \(reason)" }

    static func tooLarge(_ size: Int, limit: Int) -> MailError {
        MailError(
            code: "too-large",
            reason: "The message is \(size) bytes; messages of at most \(limit) bytes are accepted. "
                + "Send the request again without large attachments."
        )
    }

    static func headerInjection(_ field: String) -> MailError {
        MailError(
            code: "header-injection",
            reason: "The value for \(field) contains a line break or NUL character, which would start a new "
                + "header field (RFC 5322 §2.2); it was refused."
        )
    }

    static func invalidAddress(_ address: String, _ why: String) -> MailError {
        MailError(code: "invalid-address", reason: "\"\(address)\" is not a usable email address: \(why).")
    }

    static func invalidHeader(_ field: String, _ why: String) -> MailError {
        MailError(code: "invalid-header", reason: "The value for \(field) cannot be used: \(why).")
    }
}

extension MailError {
    package var failureCode: String { code }
}

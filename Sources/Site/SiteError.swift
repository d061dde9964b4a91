import Failure

/// Why a site build stopped: what was wrong, where (file and line when a file is to blame), and
/// so what to fix. The published site is left as it was.
package struct SiteError: VouchFailure, Hashable {
    package struct Code: RawRepresentable, Sendable, Hashable {
        package let rawValue: String
        package init(rawValue: String) { self.rawValue = rawValue }

        /// A template or content file is neither in the operator's folder nor built in.
        package static let missingFile = Code(rawValue: "missing-file")
        /// A file is not UTF-8, holds a NUL, or its front matter is wrong.
        package static let malformedInput = Code(rawValue: "malformed-input")
        /// A Mustache template does not parse.
        package static let template = Code(rawValue: "template")
        /// The output folder could not be staged, written or swapped into place.
        package static let output = Code(rawValue: "output")
    }

    package let code: Code
    package let reason: String

    package init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    package var description: String { reason }
}

extension SiteError {
    package var failureCode: String { code.rawValue }
}

import Failure

/// An error while building or publishing root bundles: a stable code and a reason the operator
/// can act on.
package struct BundleError: VouchFailure, Hashable {
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        package let name: String
        package var description: String { name }

        package static let archive = Code(name: "archive")
        package static let noAnchor = Code(name: "no-anchor")
        package static let signer = Code(name: "signer")
        package static let io = Code(name: "io")
        package static let sourceDateEpoch = Code(name: "source-date-epoch")
    }

    package let code: Code
    package let reason: String

    package init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    package var description: String { reason }
}

extension BundleError {
    package var failureCode: String { code.name }
}

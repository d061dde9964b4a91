/// How the assurer met the assuree; TTP-assisted assurances are capped by policy.
package enum AssuranceMethod: String, Sendable, Hashable, CaseIterable {
    case faceToFace
    case ttpAssisted
}

/// Every method as the registry records it (and a page shows it): a name without the type, which
/// Policy also has.
package let assuranceMethodNames = AssuranceMethod.allCases.map(\.rawValue)

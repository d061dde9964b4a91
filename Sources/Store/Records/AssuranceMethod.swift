/// How the assurer met the assuree; TTP-assisted assurances are capped by policy.
package enum AssuranceMethod: String, Sendable, Hashable, CaseIterable {
    case faceToFace
    case ttpAssisted
}

/// Certificate extensions that travel beside a certificate instead of inside it, as p11-kit's
/// `x-certificate-extension` objects carry them (a whole RFC 5280 `Extension`, DER).
package enum AttachedExtension {
    /// A critical extendedKeyUsage limiting an anchor to `purposes`, as Fedora's trust source
    /// attaches them to its roots.
    package static func extendedKeyUsage(_ purposes: [String]) -> [UInt8] {
        let value = Extension.extendedKeyUsage(purposes).value
        return DER.sequence([DER.objectIdentifier(OID.extendedKeyUsage), DER.boolean(true), DER.octetString(value)])
    }
}

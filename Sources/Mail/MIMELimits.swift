/// Bounds on what `MIMEParser` accepts, so that a hostile message costs bounded memory and time.
package struct MIMELimits: Sendable, Hashable {
    /// Largest message accepted, in bytes; larger ones are refused with `too-large` before any body is parsed.
    package var maxTotalBytes: Int
    /// Most MIME parts (multiparts, leaves and embedded messages, the top level included).
    package var maxParts: Int
    /// Deepest nesting of multiparts and embedded messages; the top level is depth 0.
    package var maxDepth: Int

    package init(maxTotalBytes: Int = 10 * 1024 * 1024, maxParts: Int = 100, maxDepth: Int = 10) {
        self.maxTotalBytes = maxTotalBytes
        self.maxParts = maxParts
        self.maxDepth = maxDepth
    }

    /// 10 MiB, 100 parts, 10 levels: far above what a member's request needs.
    package static let standard = MIMELimits()
}

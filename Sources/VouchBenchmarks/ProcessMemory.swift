import Foundation

/// The process's resident memory as Linux reports it in `/proc/self/status`.
struct ProcessMemory: Sendable, Codable {
    /// Peak resident set size (`VmHWM`), in KiB.
    var peakKiB: Int
    /// Current resident set size (`VmRSS`), in KiB.
    var residentKiB: Int

    static func current() -> ProcessMemory? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        var fields: [String: Int] = [:]
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") || line.hasPrefix("VmRSS:") {
            let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if parts.count >= 2, let kib = Int(parts[1]) {
                fields[String(parts[0].dropLast())] = kib
            }
        }
        guard let peak = fields["VmHWM"], let resident = fields["VmRSS"] else { return nil }
        return ProcessMemory(peakKiB: peak, residentKiB: resident)
    }

    /// Lowers `VmHWM` to the current RSS (Linux ≥ 4.0: writing 5 to `clear_refs`), so the peak a
    /// walk reports is the walk's own and not the seed's. False where the kernel refuses.
    static func resetPeak() -> Bool {
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
        defer { try? handle.close() }
        do {
            try handle.write(contentsOf: Data("5".utf8))
            return true
        } catch {
            return false
        }
    }
}

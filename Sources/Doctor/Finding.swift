import Failure

/// How much a finding matters, and the exit status it gives `vouch doctor`.
package enum Severity: String, Sendable, Hashable, Comparable, Codable, CaseIterable {
    /// Worth knowing; nothing to do.
    case info
    /// Not wrong yet, but will be if left: exit 1.
    case warning
    /// Wrong now; the operator must act: exit 2.
    case action

    package var exitStatus: Int32 {
        switch self {
        case .info: return 0
        case .warning: return 1
        case .action: return 2
        }
    }

    package static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.exitStatus < rhs.exitStatus }
}

/// One line of the doctor's report: what is wrong and what to do about it.
package struct Finding: Sendable, Hashable, Codable {
    package var severity: Severity
    /// The check that found it: "configuration", "file-mode", "keys", "crl", "jobs", "audit", …
    package var check: String
    package var problem: String
    package var remedy: String

    package init(_ severity: Severity, _ check: String, _ problem: String, remedy: String) {
        self.severity = severity
        self.check = check
        self.problem = problem
        self.remedy = remedy
    }

    /// `warning crl: … — …`, one line whatever the texts hold.
    package var line: String {
        let text = remedy.isEmpty ? problem : "\(problem); \(remedy)"
        return "\(severity.rawValue) \(check): \(text)".replacingOccurrences(of: "\n", with: " ")
    }
}

/// Everything the doctor found, most important first.
package struct Diagnosis: Sendable, Hashable, Codable {
    package var findings: [Finding]

    /// Keeps the checks' order within each severity, the most severe first.
    package init(_ findings: [Finding]) {
        self.findings = Severity.allCases.reversed().flatMap { severity in findings.filter { $0.severity == severity } }
    }

    /// 0 all well (info only), 1 warnings, 2 something needs action.
    package var exitStatus: Int32 { findings.map(\.severity).max()?.exitStatus ?? 0 }
}

extension Diagnosis {
    /// What `vouch doctor --json` prints: the overall status with its exit code, then the findings.
    package struct Report: Sendable, Hashable, Codable {
        /// "ok", "warning" or "action".
        package var status: String
        package var exitStatus: Int32
        package var findings: [Finding]
    }

    package var report: Report {
        Report(status: ["ok", "warning", "action"][Int(exitStatus)], exitStatus: exitStatus, findings: findings)
    }
}

/// A check that could not look at what it checks (a folder it cannot list, a file system that
/// reports no space): the runner turns it into an action finding instead of a silent pass.
struct DoctorError: VouchFailure {
    let reason: String
    var failureCode: String { "doctor-cannot-check" }
    var failureContext: [String: String] { [:] }
    var description: String { reason }

    init(_ reason: String) { self.reason = reason }
}

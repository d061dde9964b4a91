import Authority
import Foundation
import PKI

extension Doctor {
    /// Which CA keys are on this machine. The issuing keys must be (the jobs sign with them); the
    /// root's must not (DESIGN.md: "the root key is kept offline … jobs never read it").
    func keyFindings(_ authority: CertificateAuthority) throws -> [Finding] {
        var findings: [Finding] = []
        var online: [String] = []
        for purpose in CAPurpose.allCases {
            let name = CAName.issuing(purpose).fileName
            let file = directory.keyFile(name)
            if FileManager.default.fileExists(atPath: file.path) {
                online.append(name)
            } else {
                findings.append(
                    Finding(
                        .action,
                        "keys",
                        "the \(name) issuing key is not at \(file.path): nothing can be signed for it",
                        remedy: "restore it from the backup of keys/"
                    )
                )
            }
        }
        findings.insert(
            Finding(
                .info,
                "keys",
                "issuing keys online: \(online.isEmpty ? "none" : online.joined(separator: ", "))",
                remedy: ""
            ),
            at: 0
        )
        let rootCopies =
            [directory.keyFile(CAName.root.fileName)]
            + (try Self.files(in: directory.offlineRootKeyFile.deletingLastPathComponent()))
        for file in rootCopies where FileManager.default.fileExists(atPath: file.path) {
            findings.append(
                Finding(
                    .warning,
                    "keys",
                    "the root key is on this machine at \(file.path)",
                    remedy:
                        "copy it to two offline media kept apart, check a copy opens, then `shred -u \(file.path)`"
                )
            )
        }
        return findings
    }
}

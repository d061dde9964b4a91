import Foundation

extension MailMessage {
    /// Whether the message was sent by a program, so that answering it could start a mail loop (RFC 3834 §2).
    package var isAutomated: Bool { automationReason != nil }

    /// Why the message counts as automated, for the request record; nil for mail from a person.
    ///
    /// The signs, in order: Auto-Submitted other than "no" (RFC 3834 §5); the null Return-Path of a bounce
    /// (RFC 5321 §4.5.5); a delivery status report (RFC 3464, RFC 6522); MAILER-DAEMON as sender; Precedence
    /// bulk, list or junk; list headers (RFC 2369, RFC 2919); the vendor auto-reply headers. Mail from
    /// postmaster@ counts only when it is a bounce: a person answering a domain-control probe sent to
    /// postmaster@ (Baseline Requirements 3.2.2.4.4) writes from there.
    package var automationReason: String? {
        if let value = header("Auto-Submitted") {
            let keyword = value.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
            if keyword != "no" { return "Auto-Submitted: \(value.prefix(60))" }
        }
        if returnPath == "" { return "empty Return-Path (a bounce)" }
        if isDeliveryReport { return "a delivery status report" }
        if let sender = from?.mailbox {
            let local = sender.split(separator: "@", maxSplits: 1).first.map(String.init) ?? sender
            if local == "mailer-daemon" { return "sent by MAILER-DAEMON" }
        }
        if let precedence = header("Precedence")?.trimmingCharacters(in: .whitespaces).lowercased(),
            ["bulk", "list", "junk"].contains(precedence)
        {
            return "Precedence: \(precedence)"
        }
        for name in ["List-Id", "List-Unsubscribe", "List-Post"] where header(name) != nil {
            return "mailing-list mail (\(name))"
        }
        for name in ["X-Autoreply", "X-Autorespond", "X-Auto-Response-Suppress"] where header(name) != nil {
            return "auto-reply header \(name)"
        }
        return nil
    }

    /// multipart/report with a delivery-status part, or any message/delivery-status part.
    private var isDeliveryReport: Bool {
        if root.contentType.mimeType == "multipart/report",
            root.contentType.parameter("report-type")?.lowercased() == "delivery-status"
        {
            return true
        }
        return parts.contains { $0.contentType.mimeType == "message/delivery-status" }
    }
}

import Foundation

/// A received message: its headers, MIME tree and the exact bytes it arrived as.
package struct MailMessage: Sendable {
    /// The message itself as the root of its MIME tree.
    package let root: MIMEPart
    /// The bytes as received, kept for the request record and for signature checks.
    package let rawBytes: [UInt8]
    /// What was wrong with the message but read around (a missing boundary, an unknown charset…), for the
    /// request record and the answer to the member.
    package let problems: [String]

    package init(root: MIMEPart, rawBytes: [UInt8], problems: [String]) {
        self.root = root
        self.rawBytes = rawBytes
        self.problems = problems
    }

    /// The top-level header fields, in order, duplicates kept.
    package var headers: [HeaderField] { root.headers }

    /// Every part of the tree, depth first, the message itself first.
    package var parts: [MIMEPart] {
        var all: [MIMEPart] = []
        var stack = [root]
        while let part = stack.popLast() {
            all.append(part)
            stack += part.children.reversed()
        }
        return all
    }

    /// The first value of the top-level field `name` (case-insensitive), RFC 2047 decoded.
    package func header(_ name: String) -> String? { root.header(name) }

    /// Every value of the top-level field `name`, in order, RFC 2047 decoded.
    package func allHeaders(_ name: String) -> [String] { root.allHeaders(name) }

    /// The addresses in every top-level `name` field (From, To, Cc, Reply-To, …), groups flattened.
    package func addresses(of name: String) -> [Address] {
        root.headers.filter { $0.hasName(name) }.flatMap { Address.parseList($0.rawValue) }
    }

    /// The lower-cased addr-spec of the first address in the field `name`, if any.
    package func mailbox(of name: String) -> String? { addresses(of: name).first?.mailbox }

    package var from: Address? { addresses(of: "From").first }
    package var to: [Address] { addresses(of: "To") }
    package var cc: [Address] { addresses(of: "Cc") }
    package var replyTo: [Address] { addresses(of: "Reply-To") }
    package var subject: String? { header("Subject") }
    package var messageID: String? { header("Message-ID") }
    package var inReplyTo: String? { header("In-Reply-To") }

    /// The msg-ids of References (RFC 5322 §3.6.4), oldest first.
    package var references: [String] {
        guard let value = root.rawHeader("References") else { return [] }
        return value.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init).filter {
            $0.hasPrefix("<") && $0.hasSuffix(">")
        }
    }

    /// The envelope sender the final MTA recorded (RFC 5321 §4.4): "" for the null path `<>` of a bounce,
    /// nil when there is no Return-Path field.
    package var returnPath: String? {
        guard let value = root.rawHeader("Return-Path") else { return nil }
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || trimmed == "<>" { return "" }
        return Address.parseList(trimmed).first?.mailbox ?? ""
    }

    /// The mailboxes of every Delivered-To field, the most recent (topmost) first.
    package var deliveredTo: [String] { addresses(of: "Delivered-To").map(\.mailbox) }

    /// The robot address the message was delivered for: X-Original-To (Postfix: before any rewriting), else
    /// the topmost Delivered-To. To and Cc are not used: they say what the sender wrote, not where it went.
    package var originalRecipient: String? {
        mailbox(of: "X-Original-To") ?? deliveredTo.first
    }
}

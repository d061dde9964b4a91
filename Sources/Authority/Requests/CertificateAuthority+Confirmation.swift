import Failure
import Foundation
import PKI
import Store

/// A request a confirmation finished: what it changed and what the member is to be told.
package struct CompletedRequest: Sendable {
    /// The request as it was before the confirmation.
    package let request: Request
    package let change: PendingChange
    /// `done`, `queued` (a CSR waiting for the CSR job) or `rejected` (the change could no longer be made).
    package let state: RequestState
    package let result: String
    /// The member concerned, after the change (nil when a registration failed).
    package let member: Member?
    /// For an assurance: what it changed, for the mails to both people.
    package var assurance: RecordedAssurance? = nil
}

/// What consuming one probe did.
package struct Confirmation: Sendable {
    package let probe: Probe
    /// The requests this probe finished.
    package let completed: [CompletedRequest]
    /// Requests that still wait for another probe.
    package let stillWaiting: [Int64]
    /// Requests the probe was for that no longer wait (expired or done meanwhile).
    package let lapsed: [Int64]
}

extension CertificateAuthority {
    /// What a confirmed probe records as the way an address was verified.
    package static let probeReplyMethod = "reply to probe"

    /// Consumes a probe and, for every request it confirms that waits for nothing else, applies the
    /// request's pending change and closes it: one transaction (joining the caller's, so the robot's
    /// mail about it commits too). A crash anywhere leaves either nothing done or everything done, so
    /// no request waits forever for a probe already used.
    ///
    /// A probe to an address of a member proves the member controls it now: the address counts as
    /// freshly validated (S/MIME BR 3.2.2), which is how a CSR's own confirmation renews the mailbox
    /// validation it needs.
    package func confirm(tokenHash: String, now: Date) throws -> Confirmation {
        try store.transaction {
            let probe = try store.consumeProbe(tokenHash: tokenHash, at: now)
            if ["authorise", "mailbox"].contains(probe.purpose), let email = try store.email(probe.target) {
                try store.verifyEmail(email.address, method: Self.probeReplyMethod, at: now)
            }
            var completed: [CompletedRequest] = []
            var stillWaiting: [Int64] = []
            var lapsed: [Int64] = []
            for id in try store.requestIDs(forProbe: probe.id) {
                guard let request = try store.request(id: id), request.state == .waitingConfirmation else {
                    lapsed.append(id)
                    continue
                }
                if try store.probes(forRequest: id).contains(where: { $0.usedAt == nil }) {
                    stillWaiting.append(id)
                    continue
                }
                completed.append(try complete(request, now: now))
            }
            return Confirmation(probe: probe, completed: completed, stillWaiting: stillWaiting, lapsed: lapsed)
        }
    }

    /// Applies a handled request's pending change and closes it, or, when the change can no longer be
    /// made (the address was taken meanwhile), rejects it with the reason. Joins the caller's transaction.
    package func complete(_ request: Request, now: Date) throws -> CompletedRequest {
        let payload = try RequestPayload(of: request)
        guard let change = payload.pending else {
            throw AuthorityError(.refused, "request \(request.id) has no change to apply")
        }
        do {
            return try store.transaction {
                let completed = try apply(change, to: request, now: now)
                try store.moveRequest(id: request.id, to: completed.state, result: completed.result)
                return completed
            }
        } catch {
            let reason = failureReason(error)
            try store.moveRequest(id: request.id, to: .rejected, result: reason)
            let member = try memberOf(change)
            return CompletedRequest(request: request, change: change, state: .rejected, result: reason, member: member)
        }
    }

    /// Makes the change; the request is closed by the caller with the state and result returned.
    private func apply(_ change: PendingChange, to request: Request, now: Date) throws -> CompletedRequest {
        func completed(_ state: RequestState, _ result: String, _ member: Member?) -> CompletedRequest {
            CompletedRequest(request: request, change: change, state: state, result: result, member: member)
        }
        switch change {
        case .register(let name, let dateOfBirth, let email, let language):
            let member = try store.addMember(
                name: name,
                dateOfBirth: dateOfBirth,
                primaryEmail: email,
                language: language
            )
            try store.verifyEmail(email, method: Self.probeReplyMethod, at: now)
            return completed(.done, "member #\(member.id) registered", member)
        case .addEmail(let memberID, let address):
            try store.addEmail(address, member: memberID)
            try store.verifyEmail(address, method: Self.probeReplyMethod, at: now)
            return completed(.done, "\(address) added to member #\(memberID)", try store.member(id: memberID))
        case .addDomain(let memberID, let domain, let method, let contact):
            try store.addDomain(domain, member: memberID)
            try store.verifyDomain(domain, method: method, contact: contact, at: now)
            return completed(.done, "\(domain) added to member #\(memberID)", try store.member(id: memberID))
        case .issue(let memberID, let profile, _):
            return completed(
                .queued,
                "confirmed; the \(profile) certificate is being issued",
                try store.member(id: memberID)
            )
        case .revoke(let memberID, let serialHex, let reason):
            let revoked = try revokeForMember(
                memberID: memberID,
                serialHex: serialHex,
                reason: reason.flatMap(RevocationReason.init(name:)),
                now: now
            )
            let others = revoked.dropFirst().map(\.serialHex)
            return completed(
                .done,
                "certificate \(serialHex) revoked"
                    + (others.isEmpty ? "" : "; with its key also \(others.joined(separator: ", "))"),
                try store.member(id: memberID)
            )
        case .retireStatusPage(let memberID):
            let member = try store.retirePreviousStatusPage(member: memberID)
            return completed(.done, "the previous status page of member #\(memberID) was retired", member)
        case .assure(let report):
            let recorded = try recordAssurance(report, now: now)
            var done = completed(
                .done,
                "assurance \(recorded.assurance.id): \(recorded.assurance.points) points to \(recorded.assuree.primaryEmail)",
                recorded.assurer
            )
            done.assurance = recorded
            return done
        }
    }

    private func memberOf(_ change: PendingChange) throws -> Member? {
        switch change {
        case .register(_, _, let email, _): return try store.member(byEmail: email)
        case .assure(let report): return try store.member(byEmail: report.assurerEmail.lowercased())
        case .addEmail(let id, _), .addDomain(let id, _, _, _), .issue(let id, _, _), .revoke(let id, _, _),
            .retireStatusPage(let id):
            return try store.member(id: id)
        }
    }
}

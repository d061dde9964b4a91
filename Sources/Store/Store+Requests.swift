import Foundation
import GRDB

extension Store {
    /// Records a message that arrived at a robot address, in state `received`. Intake of the same
    /// message again (same `messageRef`) returns the existing row, so a rerun loses nothing and
    /// duplicates nothing.
    @discardableResult
    package func recordRequest(
        kind: RequestKind,
        sender: String,
        senderKey: String? = nil,
        messageRef: String,
        receivedAt: Date? = nil,
        state: RequestState = .received,
        result: String? = nil,
        payload: String = "{}"
    ) throws -> Request {
        let messageRef = try InputCheck.text(messageRef, field: "message reference")
        return try write { db in
            if let existing = try Request.fetchOne(
                try db.cachedStatement(sql: Queries.requestByMessageRef),
                arguments: [messageRef]
            ) {
                return existing
            }
            let now = clock()
            try db.execute(
                sql: """
                    INSERT INTO requests (kind, state, sender, sender_key, message_ref, received_at, updated_at,
                                          result, payload)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    kind.rawValue, state.rawValue, sender, senderKey ?? sender.lowercased(), messageRef,
                    receivedAt ?? now, now, result, payload,
                ]
            )
            let id = db.lastInsertedRowID
            try audit(
                db,
                "request.receive",
                "request:\(id)",
                [
                    "kind": kind.rawValue, "sender": sender, "message": messageRef, "state": state.rawValue,
                    "result": result ?? "",
                ]
            )
            return try Self.requireRequest(db, id: id)
        }
    }

    /// Moves a request along received → waiting-confirmation → queued → done | rejected | expired,
    /// recording what the member was told and, when given, the request's new payload. Final states
    /// are never left.
    @discardableResult
    package func moveRequest(
        id: Int64,
        to state: RequestState,
        result: String? = nil,
        payload: String? = nil
    ) throws -> Request {
        try write { db in
            let request = try Self.requireRequest(db, id: id)
            guard request.state.canMove(to: state) else {
                throw StoreError(
                    .invalidTransition,
                    "request \(id) is \(request.state.rawValue) and cannot become \(state.rawValue)"
                        + (request.state.isFinal ? "; a finished request is never reopened" : "")
                )
            }
            try db.execute(
                sql: """
                    UPDATE requests SET state = ?, updated_at = ?, result = coalesce(?, result),
                    payload = coalesce(?, payload) WHERE id = ?
                    """,
                arguments: [state.rawValue, clock(), result, payload, id]
            )
            try audit(
                db,
                "request.\(state.rawValue)",
                "request:\(id)",
                ["from": request.state.rawValue, "result": result ?? ""]
            )
            return try Self.requireRequest(db, id: id)
        }
    }

    /// Requests of `kind` from `sender` received since `since` and recorded before request `id`.
    package func requestCount(sender: String, kind: RequestKind, since: Date, before id: Int64) throws -> Int {
        try read { db in
            try Int.fetchOne(
                try db.cachedStatement(sql: Queries.requestCountForSender),
                arguments: [sender, since, kind.rawValue, id]
            ) ?? 0
        }
    }

    package func request(id: Int64) throws -> Request? {
        try read { db in try Request.fetchOne(try db.cachedStatement(sql: Queries.requestByID), arguments: [id]) }
    }

    package func request(messageRef: String) throws -> Request? {
        try read { db in
            try Request.fetchOne(try db.cachedStatement(sql: Queries.requestByMessageRef), arguments: [messageRef])
        }
    }

    /// Streams the requests in one state, oldest first; with `receivedBefore`, only those older
    /// than it (the expiry sweep). `body` may change the requests it is given.
    package func forEachRequest(
        in state: RequestState,
        receivedBefore: Date = .distantFuture,
        _ body: (Request) throws -> Void
    ) throws {
        try readSnapshot { db in
            let cursor = try Request.fetchCursor(
                db,
                sql: Queries.requestsInState,
                arguments: [state.rawValue, receivedBefore]
            )
            while let request = try cursor.next() {
                try body(request)
            }
        }
    }

    /// The ids of the requests in one state, oldest first, at most `limit`: a job takes its work in
    /// batches of ids and re-reads each row, so memory does not grow with the queue.
    package func requestIDs(in state: RequestState, kind: RequestKind, after id: Int64, limit: Int) throws -> [Int64] {
        try read { db in
            try Int64.fetchAll(
                try db.cachedStatement(sql: Queries.requestIDsInStateAndKind),
                arguments: [state.rawValue, kind.rawValue, id, limit]
            )
        }
    }

    /// The ids of the requests in one state after `id`, oldest first, at most `limit`.
    package func requestIDs(in state: RequestState, after id: Int64, limit: Int) throws -> [Int64] {
        try read { db in
            try Int64.fetchAll(
                try db.cachedStatement(sql: Queries.requestIDsInState),
                arguments: [state.rawValue, id, limit]
            )
        }
    }

    static func requireRequest(_ db: Database, id: Int64) throws -> Request {
        guard let request = try Request.fetchOne(try db.cachedStatement(sql: Queries.requestByID), arguments: [id])
        else {
            throw StoreError(.unknownRequest, "no request has id \(id)")
        }
        return request
    }
}

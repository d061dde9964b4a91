import Foundation
import GRDB

extension Store {
    /// Records a message that arrived at a robot address, in state `received`. Intake of the same
    /// message again (same `messageRef`) returns the existing row, so a rerun loses nothing and
    /// duplicates nothing.
    @discardableResult
    package func recordRequest(
        kind: String,
        sender: String,
        messageRef: String,
        receivedAt: Date? = nil,
        state: RequestState = .received,
        result: String? = nil,
        payload: [String: String] = [:]
    ) throws -> Request {
        let kind = try InputCheck.text(kind, field: "request kind")
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
                    INSERT INTO requests (kind, state, sender, message_ref, received_at, updated_at, result, payload)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    kind, state.rawValue, sender, messageRef, receivedAt ?? now, now, result,
                    StringList.encodeObject(payload),
                ]
            )
            let id = db.lastInsertedRowID
            try audit(
                db,
                "request.receive",
                "request:\(id)",
                [
                    "kind": kind, "sender": sender, "message": messageRef, "state": state.rawValue,
                    "result": result ?? "",
                ]
            )
            return try Self.requireRequest(db, id: id)
        }
    }

    /// Moves a request along received → waiting-confirmation → done | rejected | expired,
    /// recording what the member was told. Final states are never left.
    @discardableResult
    package func moveRequest(
        id: Int64,
        to state: RequestState,
        result: String? = nil,
        payload: [String: String]? = nil
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
                arguments: [state.rawValue, clock(), result, payload.map(StringList.encodeObject), id]
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

    /// Requests of `kind` from `sender` received since `since` and recorded before request `id`:
    /// how the robot keeps a forged sender from turning it into a source of unwanted mail.
    package func requestCount(sender: String, kind: String, since: Date, before id: Int64) throws -> Int {
        try read { db in
            try Int.fetchOne(
                try db.cachedStatement(sql: Queries.requestCountForSender),
                arguments: [sender, since, kind, id]
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

    static func requireRequest(_ db: Database, id: Int64) throws -> Request {
        guard let request = try Request.fetchOne(try db.cachedStatement(sql: Queries.requestByID), arguments: [id])
        else {
            throw StoreError(.unknownRequest, "no request has id \(id)")
        }
        return request
    }
}

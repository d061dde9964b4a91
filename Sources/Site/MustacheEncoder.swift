/// Turns a page's `Encodable` model into the dictionaries, arrays and scalars Mustache reads
/// fastest: a dictionary lookup per name instead of swift-mustache's `Mirror` walk over every
/// property (which made reflection the largest cost of a member page). `nil` values are left out,
/// so `{{#field}}` is false for them.
enum MustacheEncoder {
    static func encode<T: Encodable>(_ value: T) throws -> Any {
        let encoder = TreeEncoder()
        try value.encode(to: encoder)
        return encoder.storage.value
    }
}

/// A mutable box, so nested containers can write into their parent after the fact.
private final class Node {
    enum Kind {
        case empty
        case keyed([String: Node])
        case unkeyed([Node])
        case scalar(Any)
    }

    var kind: Kind = .empty

    var value: Any {
        switch kind {
        case .empty: return [String: Any]()
        case .keyed(let children): return children.mapValues(\.value)
        case .unkeyed(let children): return children.map(\.value)
        case .scalar(let value): return value
        }
    }
}

private final class TreeEncoder: Encoder {
    let storage: Node
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] = [:]

    init(storage: Node = Node()) { self.storage = storage }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .keyed = storage.kind {} else { storage.kind = .keyed([:]) }
        return KeyedEncodingContainer(KeyedContainer<Key>(node: storage))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .unkeyed = storage.kind {} else { storage.kind = .unkeyed([]) }
        return UnkeyedContainer(node: storage)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleContainer(node: storage) }
}

private func encodeChild<T: Encodable>(_ value: T) throws -> Node {
    let node = Node()
    switch value {
    case let string as String: node.kind = .scalar(string)
    case let bool as Bool: node.kind = .scalar(bool)
    case let int as Int: node.kind = .scalar(int)
    case let int as Int64: node.kind = .scalar(int)
    case let double as Double: node.kind = .scalar(double)
    default: try value.encode(to: TreeEncoder(storage: node))
    }
    return node
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: Node
    var codingPath: [any CodingKey] = []

    private func set(_ child: Node, _ key: Key) {
        guard case .keyed(var children) = node.kind else { return }
        children[key.stringValue] = child
        node.kind = .keyed(children)
    }

    mutating func encodeNil(forKey key: Key) throws {}

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { set(try encodeChild(value), key) }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type,
        forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let child = Node()
        child.kind = .keyed([:])
        set(child, key)
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(node: child))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = Node()
        child.kind = .unkeyed([])
        set(child, key)
        return UnkeyedContainer(node: child)
    }

    mutating func superEncoder() -> any Encoder { TreeEncoder(storage: node) }
    mutating func superEncoder(forKey key: Key) -> any Encoder {
        let child = Node()
        set(child, key)
        return TreeEncoder(storage: child)
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let node: Node
    var codingPath: [any CodingKey] = []
    var count: Int {
        if case .unkeyed(let children) = node.kind { return children.count }
        return 0
    }

    private func append(_ child: Node) {
        guard case .unkeyed(var children) = node.kind else { return }
        children.append(child)
        node.kind = .unkeyed(children)
    }

    mutating func encodeNil() throws {}

    mutating func encode<T: Encodable>(_ value: T) throws { append(try encodeChild(value)) }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type
    ) -> KeyedEncodingContainer<
        NestedKey
    > {
        let child = Node()
        child.kind = .keyed([:])
        append(child)
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(node: child))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let child = Node()
        child.kind = .unkeyed([])
        append(child)
        return UnkeyedContainer(node: child)
    }

    mutating func superEncoder() -> any Encoder {
        let child = Node()
        append(child)
        return TreeEncoder(storage: child)
    }
}

private struct SingleContainer: SingleValueEncodingContainer {
    let node: Node
    var codingPath: [any CodingKey] = []

    mutating func encodeNil() throws { node.kind = .empty }
    mutating func encode<T: Encodable>(_ value: T) throws { node.kind = try encodeChild(value).kind }
}

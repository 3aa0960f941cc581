import Foundation

extension SQLSession {
    /// Inserts `record` into `table`, a column for each stored property (nil ones as NULL,
    /// `id` left out when nil so that the table numbers the row); the new row's `id` when the
    /// table has one (`INSERT … RETURNING id`, on both engines).
    @discardableResult
    public func insert(_ record: some Encodable, into table: String, returningId: Bool = true) throws -> Int64? {
        let columns = try SQLColumns.of(record)
        // Names unquoted, as every statement writes them (PostgreSQL folds them alike); a table
        // named by a reserved word (`user`) quoted.
        let names = columns.map(\.name).joined(separator: ", ")
        let marks = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        let name = ["user"].contains(table) ? "\"\(table)\"" : table
        let sql = "INSERT INTO \(name) (\(names)) VALUES (\(marks))" + (returningId ? " RETURNING id" : "")
        if returningId {
            guard let row = try rows(sql, columns.map(\.value)).first, let id = row.values.first.flatMap(Int64.init)
            else { throw SQLError(.other, "INSERT INTO \(table) returned no id") }
            return id
        }
        try execute(sql, columns.map(\.value))
        return nil
    }
}

extension SQLSession {
    /// Writes every stored property of `record` but its key to the row of `table` whose `key`
    /// column holds the record's.
    public func update(_ record: some Encodable, in table: String, key: String = "id") throws {
        let all = try SQLColumns.of(record)
        guard let keyValue = all.first(where: { $0.name == key })?.value, keyValue != .null else {
            throw SQLError(.other, "UPDATE \(table): the record has no \(key)")
        }
        let columns = all.filter { $0.name != key }
        let name = ["user"].contains(table) ? "\"\(table)\"" : table
        let sets = columns.map { "\($0.name) = ?" }.joined(separator: ", ")
        try execute("UPDATE \(name) SET \(sets) WHERE \(key) = ?", columns.map(\.value) + [keyValue])
    }
}

/// A record's stored properties as (column, value), in declaration order.
enum SQLColumns {
    static func of(_ record: some Encodable) throws -> [(name: String, value: SQLValue)] {
        let encoder = RowEncoder()
        try record.encode(to: encoder)
        return encoder.box.columns.filter { !($0.name == "id" && $0.value == .null) }
    }
}

final class RowEncoder: Encoder {
    final class Box { var columns: [(name: String, value: SQLValue)] = [] }
    let box = Box()
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(RowEncodingContainer<Key>(box: box))
    }
    func unkeyedContainer() -> any UnkeyedEncodingContainer { fatalError("a record is stored as a row, not a list") }
    func singleValueContainer() -> any SingleValueEncodingContainer {
        fatalError("a record is stored as a row, not one value")
    }
}

struct RowEncodingContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let box: RowEncoder.Box
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil(forKey key: Key) throws { box.columns.append((key.stringValue, .null)) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        box.columns.append((key.stringValue, try ValueEncoder.value(of: value)))
    }

    // Optional properties are encoded with encodeIfPresent: absent ones are stored as NULL.
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
        box.columns.append((key.stringValue, try value.map(ValueEncoder.value) ?? .null))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        fatalError("column \(key.stringValue): a nested value is stored as JSON text by the record itself")
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        fatalError("column \(key.stringValue): a list is stored as JSON text by the record itself")
    }
    mutating func superEncoder() -> any Encoder { fatalError("records are flat") }
    mutating func superEncoder(forKey key: Key) -> any Encoder { fatalError("records are flat") }
}

/// One property's value: `SQLBindable` ones as they bind, others (a `String` enum) through
/// their single value.
final class ValueEncoder: Encoder, SingleValueEncodingContainer {
    var value: SQLValue = .null
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    static func value(of v: some Encodable) throws -> SQLValue {
        if let bindable = v as? any SQLBindable { return bindable.sqlValue }
        let encoder = ValueEncoder()
        try v.encode(to: encoder)
        return encoder.value
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        fatalError("a column holds one value")
    }
    func unkeyedContainer() -> any UnkeyedEncodingContainer { fatalError("a column holds one value") }
    func singleValueContainer() -> any SingleValueEncodingContainer { self }

    func encodeNil() throws { value = .null }
    func encode(_ v: Bool) throws { value = v.sqlValue }
    func encode(_ v: String) throws { value = v.sqlValue }
    func encode(_ v: Double) throws { value = v.sqlValue }
    func encode(_ v: Float) throws { value = Double(v).sqlValue }
    func encode(_ v: Int) throws { value = v.sqlValue }
    func encode(_ v: Int8) throws { value = .integer(Int64(v)) }
    func encode(_ v: Int16) throws { value = .integer(Int64(v)) }
    func encode(_ v: Int32) throws { value = .integer(Int64(v)) }
    func encode(_ v: Int64) throws { value = .integer(v) }
    func encode(_ v: UInt) throws { value = .integer(Int64(v)) }
    func encode(_ v: UInt8) throws { value = .integer(Int64(v)) }
    func encode(_ v: UInt16) throws { value = .integer(Int64(v)) }
    func encode(_ v: UInt32) throws { value = .integer(Int64(v)) }
    func encode(_ v: UInt64) throws { value = .integer(Int64(v)) }
    func encode<T: Encodable>(_ v: T) throws { value = try Self.value(of: v) }
}

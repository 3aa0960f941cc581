import Foundation

extension SQLRow {
    /// The row as a `Decodable` record: each property from the column of its name, a property
    /// whose column is absent or null read as nil when optional. Values that are `SQLReadable`
    /// (numbers, text, dates, data) are read as such; other single values (a `String` enum)
    /// decode from the column's value.
    public func decode<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        try T(from: RowDecoder(row: self, codingPath: []))
    }
}

extension SQLSession {
    /// Every row of the statement as a record.
    public func records<T: Decodable>(_ type: T.Type, _ sql: String, _ arguments: any SQLBindable...) throws -> [T] {
        try rows(sql, arguments.map(\.sqlValue)).map { try $0.decode(T.self) }
    }

    /// The first row as a record, if any.
    public func record<T: Decodable>(_ type: T.Type, _ sql: String, _ arguments: any SQLBindable...) throws -> T? {
        try rows(sql, arguments.map(\.sqlValue)).first.map { try $0.decode(T.self) }
    }
}

struct RowDecoder: Decoder {
    let row: SQLRow
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(RowContainer<Key>(row: row, codingPath: codingPath))
    }
    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw DecodingError.typeMismatch(
            [Any].self, .init(codingPath: codingPath, debugDescription: "a row is not a list"))
    }
    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        throw DecodingError.typeMismatch(
            SQLValue.self, .init(codingPath: codingPath, debugDescription: "a row is not one value"))
    }
}

struct RowContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let row: SQLRow
    var codingPath: [any CodingKey]
    var allKeys: [Key] { row.columns.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { row.index(of: key.stringValue) != nil }

    func decodeNil(forKey key: Key) throws -> Bool {
        guard contains(key) else { return true }
        return try row.value(key.stringValue) == .null
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let value = try row.value(key.stringValue)
        return try ValueDecoder(value: value, codingPath: codingPath + [key]).decode(T.self)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        throw DecodingError.typeMismatch(type, .init(codingPath: codingPath + [key], debugDescription: "nested value"))
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        throw DecodingError.typeMismatch([Any].self, .init(codingPath: codingPath + [key], debugDescription: "a list"))
    }
    func superDecoder() throws -> any Decoder { RowDecoder(row: row, codingPath: codingPath) }
    func superDecoder(forKey key: Key) throws -> any Decoder { RowDecoder(row: row, codingPath: codingPath + [key]) }
}

/// One column's value, as a single-value decoder.
struct ValueDecoder: Decoder, SingleValueDecodingContainer {
    let value: SQLValue
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        throw DecodingError.typeMismatch(type, .init(codingPath: codingPath, debugDescription: "\(value) is one value"))
    }
    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw DecodingError.typeMismatch(
            [Any].self, .init(codingPath: codingPath, debugDescription: "\(value) is one value"))
    }
    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    func decodeNil() -> Bool { value == .null }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if let readable = type as? any SQLReadable.Type {
            guard let typed = readable.init(sqlValue: value) as? T else {
                throw DecodingError.typeMismatch(
                    type, .init(codingPath: codingPath, debugDescription: "\(value) is not \(T.self)"))
            }
            return typed
        }
        return try T(from: self)
    }

    func decode(_ type: Bool.Type) throws -> Bool { try read(type) }
    func decode(_ type: String.Type) throws -> String { try read(type) }
    func decode(_ type: Double.Type) throws -> Double { try read(type) }
    func decode(_ type: Float.Type) throws -> Float { Float(try read(Double.self)) }
    func decode(_ type: Int.Type) throws -> Int { try read(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try read(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { Int32(try read(Int64.self)) }
    func decode(_ type: Int16.Type) throws -> Int16 { Int16(try read(Int64.self)) }
    func decode(_ type: Int8.Type) throws -> Int8 { Int8(try read(Int64.self)) }
    func decode(_ type: UInt.Type) throws -> UInt { UInt(try read(Int64.self)) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { UInt64(try read(Int64.self)) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { UInt32(try read(Int64.self)) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { UInt16(try read(Int64.self)) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { UInt8(try read(Int64.self)) }

    func read<T: SQLReadable>(_ type: T.Type) throws -> T {
        guard let typed = T(sqlValue: value) else {
            throw DecodingError.typeMismatch(
                type, .init(codingPath: codingPath, debugDescription: "\(value) is not \(T.self)"))
        }
        return typed
    }
}

/// `$encodeUrl`, `$encodeUrlComponent`, `$decodeUrl`, `$decodeUrlComponent`: JavaScript's
/// `encodeURI`/`encodeURIComponent` family over UTF-8.
enum URLFunctions {
    private static let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!~*'()".utf8)
    private static let reserved = Set(";,/?:@&=+$#".utf8)

    static let all: [Builtin] = [
        Builtin("encodeUrlComponent", "<s-:s>", arity: 1) { (call) throws(JSONataError) -> Value? in
            guard let text = call.string(0) else { return nil }
            try call.meter.charge(text.utf8.count)
            return .string(encode(text, keep: unreserved))
        },
        Builtin("encodeUrl", "<s-:s>", arity: 1) { (call) throws(JSONataError) -> Value? in
            guard let text = call.string(0) else { return nil }
            try call.meter.charge(text.utf8.count)
            return .string(encode(text, keep: unreserved.union(reserved)))
        },
        Builtin("decodeUrlComponent", "<s-:s>", arity: 1) { (call) throws(JSONataError) -> Value? in
            guard let text = call.string(0) else { return nil }
            try call.meter.charge(text.utf8.count)
            return .string(try decode(text, keepEncoded: [], function: "decodeUrlComponent"))
        },
        Builtin("decodeUrl", "<s-:s>", arity: 1) { (call) throws(JSONataError) -> Value? in
            guard let text = call.string(0) else { return nil }
            try call.meter.charge(text.utf8.count)
            return .string(try decode(text, keepEncoded: reserved, function: "decodeUrl"))
        },
    ]

    private static func encode(_ text: String, keep: Set<UInt8>) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for byte in text.utf8 {
            if keep.contains(byte) {
                out.append(byte)
            } else {
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes %XX sequences (whole UTF-8 characters); escapes of `keepEncoded` bytes stay as written.
    private static func decode(_ text: String, keepEncoded: Set<UInt8>, function: String) throws(JSONataError) -> String {
        let bytes = Array(text.utf8)
        let malformed = JSONataError(code: "D3140", value: JSONText.render(.string(text)), extra: ["functionName": function])
        func hexByte(_ at: Int) -> UInt8? {
            guard at + 2 < bytes.count, bytes[at] == UInt8(ascii: "%") else { return nil }
            return UInt8(String(decoding: bytes[(at + 1)...(at + 2)], as: UTF8.self), radix: 16)
        }
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "%") else {
                out.append(bytes[i])
                i += 1
                continue
            }
            guard let first = hexByte(i) else { throw malformed }
            let length = first < 0x80 ? 1 : first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : first >= 0xC0 ? 2 : 0
            guard length > 0 else { throw malformed }
            var sequence = [first]
            for k in 1..<length {
                guard let next = hexByte(i + 3 * k), next & 0xC0 == 0x80 else { throw malformed }
                sequence.append(next)
            }
            guard String(validating: sequence, as: UTF8.self) != nil else { throw malformed }
            if length == 1 && keepEncoded.contains(first) {
                out += bytes[i..<(i + 3)]
            } else {
                out += sequence
            }
            i += 3 * length
        }
        return String(decoding: out, as: UTF8.self)
    }
}

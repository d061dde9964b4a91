import Failure
import Foundation

/// Domain names as members type them, turned into the A-label form Vouch stores and certifies
/// (RFC 5890, RFC 3492), with the checks that keep look-alike names out.
package enum DomainName {
    /// Why a name was refused, for the reply to the member.
    package struct Refusal: VouchFailure, Hashable {
        package let reason: String
        package var failureCode: String { "malformed-domain-name" }
        package var description: String { reason }
    }

    /// The lower-case A-label form of `input` (a trailing dot is dropped). Refuses names that are not
    /// public DNS names, labels that mix scripts (UTS #39 "single script", allowing the Japanese and
    /// Korean combinations of Han), and characters that are neither letters, digits nor hyphens.
    package static func normalise(_ input: String) throws(Refusal) -> String {
        var text = input.trimmingCharacters(in: .whitespaces)
        if text.hasSuffix(".") { text.removeLast() }
        text = text.precomposedStringWithCanonicalMapping.lowercased()
        guard !text.isEmpty else { throw Refusal(reason: "the domain is empty") }
        var labels: [String] = []
        for label in text.split(separator: ".", omittingEmptySubsequences: false) {
            labels.append(try aLabel(String(label), in: input))
        }
        let name = labels.joined(separator: ".")
        guard CertificateNames.isPublicDNSName(name) else {
            throw Refusal(reason: "'\(input)' is not a public domain name (at least two labels, no IP address)")
        }
        return name
    }

    private static func aLabel(_ label: String, in input: String) throws(Refusal) -> String {
        guard !label.isEmpty else { throw Refusal(reason: "'\(input)' has an empty label") }
        if label.unicodeScalars.allSatisfy(\.isASCII) {
            // An A-label typed as such gets the checks its Unicode form would: decoded, checked, and
            // encoded back to the same text (RFC 5891 §5.4), so "xn--" cannot smuggle a mixed-script name.
            if label.hasPrefix("xn--") {
                let encoded = String(label.dropFirst(4))
                guard let decoded = decodePunycode(encoded), !decoded.unicodeScalars.allSatisfy(\.isASCII),
                    decoded == decoded.precomposedStringWithCanonicalMapping.lowercased(),
                    punycode(decoded) == encoded
                else { throw Refusal(reason: "'\(label)' is not a valid A-label (RFC 5891)") }
                try checkSingleScript(decoded)
            } else if label.count >= 4, label.dropFirst(2).hasPrefix("--") {
                // RFC 5891 §4.2.3.1: hyphens in the third and fourth positions are reserved.
                throw Refusal(reason: "'\(label)' has hyphens in the third and fourth places, which are reserved")
            }
            return label
        }
        try checkSingleScript(label)
        guard let encoded = punycode(label) else { throw Refusal(reason: "'\(label)' cannot be encoded") }
        return "xn--" + encoded
    }

    /// The writing systems a label's letters may come from; digits and hyphens belong to all.
    private enum Script: Hashable {
        case latin, greek, cyrillic, armenian, hebrew, arabic, devanagari, bengali, thai, georgian, hangul, han, kana
    }

    private static func script(of scalar: Unicode.Scalar) -> Script? {
        switch scalar.value {
        case 0x61...0x7A, 0xDF...0xFF, 0x100...0x24F, 0x1E00...0x1EFF: return .latin
        case 0x370...0x3FF, 0x1F00...0x1FFF: return .greek
        case 0x400...0x52F: return .cyrillic
        case 0x530...0x58F: return .armenian
        case 0x590...0x5FF: return .hebrew
        case 0x600...0x6FF, 0x750...0x77F: return .arabic
        case 0x900...0x97F: return .devanagari
        case 0x980...0x9FF: return .bengali
        case 0xE00...0xE7F: return .thai
        case 0x10A0...0x10FF: return .georgian
        case 0xAC00...0xD7AF, 0x1100...0x11FF, 0x3130...0x318F: return .hangul
        case 0x4E00...0x9FFF, 0x3400...0x4DBF: return .han
        case 0x3040...0x30FF: return .kana
        default: return nil
        }
    }

    private static func checkSingleScript(_ label: String) throws(Refusal) {
        var scripts = Set<Script>()
        for scalar in label.unicodeScalars {
            if ("0"..."9").contains(scalar) || scalar == "-" { continue }
            guard let found = script(of: scalar) else {
                throw Refusal(
                    reason:
                        "'\(label)' contains U+\(String(scalar.value, radix: 16, uppercase: true)), which is not allowed in a domain name here"
                )
            }
            scripts.insert(found)
        }
        let allowedCombinations: [Set<Script>] = [[.han, .kana], [.han, .hangul]]
        guard scripts.count <= 1 || allowedCombinations.contains(where: { scripts.isSubset(of: $0) }) else {
            throw Refusal(
                reason: "'\(label)' mixes writing systems, as look-alike domains do; use one script per label"
            )
        }
    }

    /// RFC 3492 §6.2 decoding of one label (without the "xn--" prefix); nil when it is not valid Punycode.
    static func decodePunycode(_ encoded: String) -> String? {
        let base = 36
        let tMin = 1
        let tMax = 26
        let skew = 38
        let damp = 700
        let bytes = Array(encoded.utf8)
        guard bytes.allSatisfy({ $0 < 0x80 }), bytes.count <= 63 else { return nil }
        var output: [Int] = []
        var position = 0
        if let delimiter = bytes.lastIndex(of: UInt8(ascii: "-")) {
            output = bytes[..<delimiter].map(Int.init)
            position = delimiter + 1
        }
        func value(of byte: UInt8) -> Int? {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"): return Int(byte) - 97
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): return Int(byte) - 65
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(byte) - 22
            default: return nil
            }
        }
        func adapt(_ delta: Int, _ points: Int, _ first: Bool) -> Int {
            var delta = first ? delta / damp : delta / 2
            delta += delta / points
            var k = 0
            while delta > ((base - tMin) * tMax) / 2 {
                delta /= base - tMin
                k += base
            }
            return k + (base - tMin + 1) * delta / (delta + skew)
        }
        var n = 0x80
        var i = 0
        var bias = 72
        while position < bytes.count {
            let oldI = i
            var w = 1
            var k = base
            while true {
                guard position < bytes.count, let digit = value(of: bytes[position]) else { return nil }
                position += 1
                let (step, overflow) = digit.multipliedReportingOverflow(by: w)
                guard !overflow, i <= Int(Int32.max) - step else { return nil }
                i += step
                let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                if digit < t { break }
                guard w <= Int(Int32.max) / (base - t) else { return nil }
                w *= base - t
                k += base
            }
            bias = adapt(i - oldI, output.count + 1, oldI == 0)
            n += i / (output.count + 1)
            i %= output.count + 1
            guard n <= 0x10FFFF, Unicode.Scalar(UInt32(n)) != nil else { return nil }
            output.insert(n, at: i)
            i += 1
        }
        var text = String.UnicodeScalarView()
        for code in output {
            guard let scalar = Unicode.Scalar(UInt32(code)) else { return nil }
            text.append(scalar)
        }
        return String(text)
    }

    /// RFC 3492 §6.3 encoding of one label (without the "xn--" prefix).
    static func punycode(_ label: String) -> String? {
        let base = 36
        let tMin = 1
        let tMax = 26
        let skew = 38
        let damp = 700
        let input = label.unicodeScalars.map { Int($0.value) }
        var output = input.filter { $0 < 0x80 }.map { Character(Unicode.Scalar(UInt8($0))) }
        let basicCount = output.count
        var handled = basicCount
        if basicCount > 0 { output.append("-") }
        var n = 0x80
        var delta = 0
        var bias = 72

        func digit(_ value: Int) -> Character {
            Character(Unicode.Scalar(UInt8(value < 26 ? value + 97 : value + 22)))
        }
        func adapt(_ delta: Int, _ points: Int, _ first: Bool) -> Int {
            var delta = first ? delta / damp : delta / 2
            delta += delta / points
            var k = 0
            while delta > ((base - tMin) * tMax) / 2 {
                delta /= base - tMin
                k += base
            }
            return k + (base - tMin + 1) * delta / (delta + skew)
        }

        while handled < input.count {
            guard let m = input.filter({ $0 >= n }).min() else { return nil }
            let (product, overflow) = (m - n).multipliedReportingOverflow(by: handled + 1)
            guard !overflow else { return nil }
            delta += product
            n = m
            for code in input {
                if code < n { delta += 1 }
                guard code == n else { continue }
                var q = delta
                var k = base
                while true {
                    let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                    if q < t { break }
                    output.append(digit(t + (q - t) % (base - t)))
                    q = (q - t) / (base - t)
                    k += base
                }
                output.append(digit(q))
                bias = adapt(delta, handled + 1, handled == basicCount)
                delta = 0
                handled += 1
            }
            delta += 1
            n += 1
        }
        return String(output)
    }
}

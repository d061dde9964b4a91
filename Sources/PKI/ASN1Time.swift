import COpenSSL
import Foundation

/// Conversions between `Date` and OpenSSL's `ASN1_TIME`, whole seconds, UTC.
enum ASN1Time {
    /// A new `ASN1_TIME` the caller owns: UTCTime up to 2049, GeneralizedTime after (RFC 5280 §4.1.2.5).
    static func make(_ date: Date) throws -> UnsafeMutablePointer<ASN1_TIME> {
        guard let time = ASN1_TIME_set(nil, time_t(date.timeIntervalSince1970.rounded(.down))) else {
            throw PKIError.drainingOpenSSL(.encoding, "could not encode the time \(date)")
        }
        return time
    }

    static func date(_ time: UnsafePointer<ASN1_TIME>?) -> Date? {
        guard let time else { return nil }
        var parts = tm()
        guard ASN1_TIME_to_tm(time, &parts) == 1 else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }
}

extension Date {
    /// This instant truncated to a whole second, as certificates store time.
    package var wholeSeconds: Date { Date(timeIntervalSince1970: timeIntervalSince1970.rounded(.down)) }
}

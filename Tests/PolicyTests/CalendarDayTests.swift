import Foundation
import Policy
import Testing

@Suite("Calendar days")
struct CalendarDayTests {
    @Test(
        "Parsing accepts only real YYYY-MM-DD days",
        arguments: [
            ("2024-02-29", true),
            ("2023-02-29", false),
            ("2026-04-31", false),
            ("2026-12-31", true),
            ("2026-13-01", false),
            ("2026-00-10", false),
            ("2026-01-00", false),
            ("0000-01-01", false),
            ("2026-1-01", false),
            ("2026-01-011", false),
            ("2026/01/01", false),
            ("abcd-ef-gh", false),
            ("", false),
        ]
    )
    func parsing(text: String, valid: Bool) {
        let parsed = CalendarDay(iso8601: text)
        #expect((parsed != nil) == valid)
        if let parsed {
            #expect(parsed.description == text)
        }
    }

    @Test("Malformed parts are kept but reported invalid")
    func invalidParts() {
        #expect(!CalendarDay(year: 2025, month: 2, day: 30).isValid)
        #expect(!CalendarDay(year: 2025, month: 13, day: 1).isValid)
        #expect(!CalendarDay(year: 1900, month: 2, day: 29).isValid)
        #expect(CalendarDay(year: 2000, month: 2, day: 29).isValid)
    }

    @Test("UTC day boundaries")
    func boundaries() {
        #expect(CalendarDay(containing: utc("2026-03-14T23:59:59Z")) == day("2026-03-14"))
        #expect(CalendarDay(containing: utc("2026-03-15T00:00:00Z")) == day("2026-03-15"))
        #expect(CalendarDay(containing: utc("1969-12-31T23:59:59Z")) == day("1969-12-31"))
        #expect(day("2026-03-15").startOfDay == utc("2026-03-15T00:00:00Z"))
        #expect(day("1970-01-01").startOfDay == Date(timeIntervalSince1970: 0))
    }

    @Test("Day arithmetic agrees with Foundation's Gregorian calendar from 1900 to 2100")
    func agreesWithFoundation() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var instant = utc("1900-01-01T12:00:00Z")
        let end = utc("2100-12-31T00:00:00Z")
        while instant < end {
            let parts = calendar.dateComponents([.year, .month, .day], from: instant)
            let ours = CalendarDay(containing: instant)
            #expect(ours == CalendarDay(year: parts.year!, month: parts.month!, day: parts.day!))
            #expect(calendar.startOfDay(for: instant) == ours.startOfDay)
            instant += days(11)
        }
    }

    @Test("Chronological order")
    func order() {
        #expect(day("2025-12-31") < day("2026-01-01"))
        #expect(day("2026-01-31") < day("2026-02-01"))
        #expect(!(day("2026-02-01") < day("2026-02-01")))
    }
}

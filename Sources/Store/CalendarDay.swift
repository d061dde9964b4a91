/// Validation of `YYYY-MM-DD` calendar dates (birth, meeting) as members type them. Kept as text
/// because a day of birth has no time zone; converting it to a `Date` invites off-by-one days.
enum CalendarDay {
    /// Throws `malformedDate` naming the field unless `text` is a real proleptic-Gregorian day.
    static func validate(_ text: String, field: String) throws {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        let shapeIsRight =
            text.utf8.count == 10 && parts.count == 3 && parts[0].count == 4 && parts[1].count == 2
            && parts[2].count == 2 && parts.allSatisfy { $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
        guard shapeIsRight, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else {
            throw StoreError(.malformedDate, "\(field) \"\(text)\" is not a date written YYYY-MM-DD")
        }
        guard (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day), year >= 1900 else {
            throw StoreError(.malformedDate, "\(field) \"\(text)\" is not a day of the calendar")
        }
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

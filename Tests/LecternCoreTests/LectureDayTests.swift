import Foundation
import Testing

@testable import LecternCore

@Suite struct LectureDayTests {
    @Test func agreesWithFoundationsCalendarInChina() {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "Asia/Shanghai")
        f.dateFormat = "yyyy-MM-dd"
        var generator = SeededGenerator(seed: 4)
        for _ in 0..<2_000 {
            // Any moment from 1995 to 2060, including the hours around midnight in China.
            let date = Date(timeIntervalSince1970: 788_918_400 + Double(generator.next() % 2_082_758_400))
            #expect(LectureDay.string(date) == f.string(from: date))
        }
        // 2026-07-01 00:30 in China is still 30 June in UTC.
        #expect(LectureDay.string(Date(timeIntervalSince1970: 1_782_837_000)) == "2026-07-01")
    }

    @Test func minutesAgreeWithFoundationInChina() {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "Asia/Shanghai")
        f.dateFormat = "yyyy-MM-dd HH:mm"
        var generator = SeededGenerator(seed: 5)
        for _ in 0..<2_000 {
            let date = Date(timeIntervalSince1970: 788_918_400 + Double(generator.next() % 2_082_758_400))
            #expect(LectureDay.minute(date) == f.string(from: date))
        }
    }

    @Test func validDaysAndArithmetic() {
        #expect(LectureDay.valid("2028-02-29") && !LectureDay.valid("2026-02-29") && !LectureDay.valid("2026-13-01"))
        #expect(!LectureDay.valid("2026-7-1") && !LectureDay.valid("七月一日"))
        #expect(LectureDay.adding(1, to: "2026-12-31") == "2027-01-01")
        #expect(LectureDay.adding(-1, to: "2028-03-01") == "2028-02-29")
        #expect(LectureDay.days(from: "2026-07-20", to: "2026-09-30") == 72)
        #expect(LectureDay.start("2026-07-01").map { LectureDay.string($0) } == "2026-07-01")
        #expect(LectureDay.start("2026-07-01")?.timeIntervalSince1970 == 1_782_835_200)
    }
}

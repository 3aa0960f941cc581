import Testing

@testable import Reports

@Suite struct PeriodTests {
    @Test func monthsAndQuartersFollowTheCalendar() throws {
        let feb = try ReportPeriod.month("2028-02")
        #expect(feb.firstDay == "2028-02-01" && feb.lastDay == "2028-02-29")
        #expect(feb.label == "2028年2月")
        let q3 = try ReportPeriod.quarter("2026-Q3")
        #expect(q3.firstDay == "2026-07-01" && q3.lastDay == "2026-09-30")
        #expect(q3.label == "2026年第三季度")
        #expect(ReportPeriod.quarter(containing: "2026-12-31").firstDay == "2026-10-01")
        #expect(throws: ReportPeriod.Invalid.self) { try ReportPeriod.month("2026-13") }
        #expect(throws: ReportPeriod.Invalid.self) { try ReportPeriod.quarter("2026-Q5") }
    }

    @Test func theWeekRunsMondayToSunday() {
        let w = ReportPeriod.week(of: "2026-11-26")  // a Thursday
        #expect(w.firstDay == "2026-11-23" && w.lastDay == "2026-11-29")
        #expect(w.label.hasPrefix("2026年11月26日（星期四"))
        #expect(ReportPeriod.week(of: "2026-11-29").firstDay == "2026-11-23")  // Sunday
        #expect(ReportPeriod.week(of: "2026-11-23").firstDay == "2026-11-23")  // Monday
    }
}

import Testing

@testable import LecternCore

@Suite struct ReviewTests {
    typealias S = ReviewStatus

    @Test(arguments: [
        (S.autoRejected, ReviewAction.exempt, S.pending), (.pending, .approve, .approved),
        (.pending, .reject, .rejected),
        (.pending, .rectify, .rectifying), (.rectifying, .resubmit, .pending), (.rectifying, .overdue, .overdue),
        (.overdue, .resubmit, .pending), (.approved, .revoke, .revoked), (.approved, .confirm, .approved),
    ])
    func allowedTransitions(from: S, action: ReviewAction, to: S) throws {
        #expect(try from.after(action) == to)
    }

    @Test func everyOtherTransitionIsRefusedWithWhatIsAllowed() {
        var refused = 0
        for status in S.allCases {
            for action in ReviewAction.allCases where S.transitions[status]?[action] == nil {
                #expect(throws: ReviewError.self) { try status.after(action) }
                refused += 1
            }
        }
        #expect(refused == S.allCases.count * ReviewAction.allCases.count - 9)
        #expect(throws: ReviewError("节目当前状态为“已通过”，不能“退回”；此状态下可以：撤销通过、抽查合格")) { try S.approved.after(.reject) }
        #expect(throws: ReviewError("节目当前状态为“已退回”，不能“通过”；此状态下不能再进行审核操作")) { try S.rejected.after(.approve) }
    }

    @Test func rubricScores() throws {
        #expect(
            try RubricScores.parse("content=9,form=8,language=9,effect=8")
                == RubricScores(content: 9, form: 8, language: 9, effect: 8))
        #expect(try RubricScores.parse("内容=7，形式=8,语言=9,效果=10").total == 34)
        #expect(throws: ReviewError.self) { try RubricScores.parse("content=11,form=8,language=9,effect=8") }
        #expect(throws: ReviewError.self) { try RubricScores.parse("content=9,form=8") }
        #expect(throws: ReviewError.self) { try RubricScores.parse("style=9,form=8,language=9,effect=8") }
    }

    @Test func reasonCodesAreTheCountysList() {
        #expect(
            ReasonCode.allCases.map(\.rawValue) == [
                "detached", "copied", "reused", "staged", "duration", "picture",
                "sound", "incomplete", "other",
            ])
        #expect(ReasonCode.copied.chinese == "内容照搬照抄")
    }
}

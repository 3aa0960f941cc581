import Foundation
import Testing

/// `lectern person` through the built binary.
@Suite struct PersonCommandTests {
    let root = temporaryDirectory()
    var env: [String: String] { ["LECTERN_LIBRARY": root.appendingPathComponent("library").path] }

    init() throws {
        _ = try Run(["init"], environment: env)
        _ = try Run(["org", "import", "Fixtures/organisations.csv"], environment: env)
    }

    @Test func theRegisterFromASheetAndBySameNameNeverMerged() throws {
        let bad = root.appendingPathComponent("名册-有错.csv")
        try "姓名,所属组织,身份,接受点单,爱好\n吴辉,新村党支部,普通党员,否,下棋\n李明,不存在的支部,老板,也许,\n".write(
            to: bad, atomically: true, encoding: .utf8)
        let refused = try Run(["person", "import", bad.path], environment: env)
        #expect(refused.status == 1)
        for line in [
            "lectern: 名册-有错.csv 第 3 行: 「所属组织」列：没有「不存在的支部」这个组织",
            "lectern: 名册-有错.csv 第 3 行: 「身份」列：没有「老板」这个身份",
            "lectern: 名册-有错.csv 第 3 行: 「接受点单」列：「也许」应写 是 或 否",
            "lectern: 提醒：名册-有错.csv 第 5 列「爱好」不认识，这一列没有导入",
        ] {
            #expect(refused.stderr.contains(line), "\(line)\n\(refused.stderr)")
        }
        #expect(try Run(["person", "list", "--json"], environment: env).stdout.isEmpty)
        let good = root.appendingPathComponent("名册.csv")
        try "姓名,所属组织,身份,授课专题,接受点单\n王芳,新村党支部,本土讲师,乡村振兴、党史,是\n吴辉,新村党支部,书记,,否\n".write(
            to: good, atomically: true, encoding: .utf8)
        #expect(try Run(["person", "import", good.path], environment: env).stdout == "完成：登记 2 人\n")
        let second = try Run(["person", "add", "王芳", "--org", "桃源县", "--role", "第一书记"], environment: env)
        #expect(second.status == 0)
        #expect(second.stderr.contains("名册中另有 1 人也叫「王芳」") && second.stderr.contains("不会合并"))
        let found = try Run(["person", "search", "wangfang", "--json"], environment: env).jsonLines
        #expect(found.count == 2)
        #expect(Set(found.compactMap { $0["role"] as? String }) == ["本土讲师", "下派干部"])
        let lecturers = try Run(["person", "list", "--org", "春华镇", "--role", "讲师"], environment: env)
        #expect(lecturers.stdout.contains("王芳") && lecturers.stdout.contains("专题：乡村振兴、党史  接受点单"))
        #expect(!lecturers.stdout.contains("吴辉"))
        // The same person twice is joined only when asked.
        let ids = found.compactMap { $0["id"] as? Int }.sorted()
        let edited = try Run(["person", "edit", "\(ids[1])", "--takes-orders", "是"], environment: env)
        #expect(edited.stdout == "#\(ids[1]) 已修改：接受点单：否 → 是\n")
        let merged = try Run(["person", "merge", "\(ids[0])", "\(ids[1])"], environment: env)
        #expect(merged.stdout == "#\(ids[1]) 已并入 #\(ids[0]) 王芳\n")
        #expect(try Run(["person", "search", "王芳", "--json"], environment: env).jsonLines.count == 1)
        #expect(try Run(["person", "merge", "\(ids[0])", "\(ids[1])"], environment: env).status == 1)
    }
}

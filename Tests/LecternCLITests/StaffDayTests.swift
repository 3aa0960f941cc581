import Foundation
import Testing

/// A staff member's day without an English sentence: init, organisations, ingest with the
/// folder's own manifest, the queue, decisions in Chinese words, a report; and the messages
/// issue 15 listed, as they now read.
@Suite struct StaffDayTests {
    let root = temporaryDirectory()
    var library: URL { root.appendingPathComponent("library") }

    func lectern(_ args: [String], now: String = "2026-12-01T09:00") throws -> Run {
        try Run(args + ["--library", library.path], environment: ["LECTERN_NOW": now])
    }

    /// No line a person reads holds an English sentence (three Latin words in a row).
    func expectChinese(_ run: Run, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for line in (run.stdout + run.stderr).split(separator: "\n") {
            // Paths, and the commands a message tells staff to type (lectern theme unmatched).
            let stripped = line.replacingOccurrences(
                of: #"[\w./~-]*[/.][\w./~-]+"#, with: "", options: .regularExpression
            ).replacingOccurrences(of: #"lectern( [a-z-]+){1,2}"#, with: "", options: .regularExpression)
            let english = stripped.firstMatch(of: #/[A-Za-z]{2,}[ ,]+[A-Za-z]{2,}[ ,]+[A-Za-z]{2,}/#)
            #expect(english == nil, "\(what): «\(line)»", sourceLocation: sourceLocation)
        }
    }

    func upload(_ fixture: String, as name: String, in folder: String = "上传") throws -> URL {
        let dir = root.appendingPathComponent(folder)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try FileManager.default.copyItem(at: Run.root.appendingPathComponent(fixture), to: url)
        return url
    }

    @Test func theWholeDayInChinese() throws {
        let steps: [[String]] = [
            ["init"], ["org", "import", "Fixtures/organisations.csv"], ["ingest", "Fixtures/uploads"],
            ["review", "queue"], ["list", "--status", "待审核"],
        ]
        for step in steps {
            let run = try lectern(step)
            expectChinese(run, step.joined(separator: " "))
            #expect(run.status <= 1, "\(step): \(run.stderr)")
        }
        // The folder's own manifest was used, and said so: titles, speakers and organisations
        // come from the staff's columns (党课题目, 授课人, 所属支部).
        let ingest = try lectern(["ingest", "Fixtures/uploads", "--dry-run"])
        #expect(ingest.stderr.contains("lectern: 使用上传文件夹里的清单 \(Run.root.path)/Fixtures/uploads/清单.xlsx"))
        let rows = try lectern(["list", "--json"]).jsonLines
        let lesson = rows.first { $0["title"] as? String == "一月一课：学习党章" }
        #expect(lesson?["speaker"] as? String == "李明")
        #expect(lesson?["organisation"] as? String == "桃源县")
        // A dry run over files already catalogued names each one.
        #expect(ingest.stdout.contains("已在资料库中  Fixtures/uploads/桃源县-李明-一月一课.mp4（#"))
        #expect(ingest.stdout.contains("已在资料库中 5 个"))
        guard let id = lesson?["id"] as? Int else { return }
        // Decide with Chinese words; the line says what was done, once.
        let reject = try lectern(["review", "reject", "\(id)", "--reason", "照搬照抄"])
        #expect(reject.stdout == "#\(id) 已退回（原因：内容照搬照抄）\n")
        let history = try lectern(["show", "\(id)"]).stdout
        #expect(history.contains("本机管理员  退回  待审核 → 已退回"))
        #expect(!history.contains("local"))
        let report = try lectern(["report", "monthly", "--period", "2026年11月"])
        #expect(report.status == 0)
        expectChinese(report, "report")
        // JSON dates are ISO 8601 with their offset.
        let shown = try lectern(["show", "\(id)", "--json"]).jsonLines.first
        let created = (shown?["lecture"] as? [String: Any])?["createdAt"] as? String
        #expect(created == "2026-12-01T09:00:00+08:00")
        // What the catalog keeps as JSON text is written as JSON, not as a string inside the line.
        let version = (shown?["versions"] as? [[String: Any]])?.first
        #expect((version?["probe"] as? [String: Any])?["container"] as? String == "mov,mp4,m4a,3gp,3g2,mj2")
        #expect(version?["findings"] is [Any])
    }

    @Test func aTruncatedCopySaysWhatToDoAndVerboseAddsFFmpegsWords() throws {
        _ = try lectern(["init"])
        let file = try upload("Fixtures/broken/truncated.mp4", as: "春华镇党课.mp4")
        let plain = try lectern(["ingest", file.path])
        #expect(plain.stderr == "lectern: \(file.path): 文件不完整（可能没有拷贝完），请重新拷贝或让上传单位重新导出\n")
        let verbose = try lectern(["ingest", file.path, "--verbose", "--dry-run"])
        #expect(verbose.stderr.contains("（FFmpeg：moov atom not found）"))
        let json = try lectern(["ingest", file.path, "--json", "--dry-run"]).jsonLines.first
        #expect((json?["error"] as? [String: Any])?["detail"] as? String == "moov atom not found")
    }

    @Test func theFoldersOwnManifestWithStaffColumnsAndUnknownOnesSaid() throws {
        _ = try lectern(["init"])
        _ = try lectern(["org", "import", "Fixtures/organisations.csv"])
        _ = try upload("Fixtures/media/length_3m00s.mp4", as: "第一讲.mp4")
        let csv = "序号,文件名,党课题目,授课人,所属支部,主题,录制日期,联系电话,备注\n1,第一讲.mp4,不忘初心,吴辉,春华镇,党史,2024年7月1日,13800000000,七一前录制\n"
        try Data(csv.utf8).write(to: root.appendingPathComponent("上传/清单.csv"))
        let run = try lectern(["ingest", root.appendingPathComponent("上传").path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("lectern: 使用上传文件夹里的清单"))
        #expect(run.stderr.contains("第 8 列「联系电话」不认识，这一列没有导入；可用的列名：文件（文件名、"))
        let lecture = try lectern(["list", "--json"]).jsonLines.first
        #expect(lecture?["title"] as? String == "不忘初心")
        #expect(lecture?["speaker"] as? String == "吴辉")
        #expect(lecture?["organisation"] as? String == "春华镇")
        let detail = try lectern(["show", "\(lecture?["id"] as? Int ?? 0)", "--json"]).jsonLines.first
        #expect(detail?["description"] as? String == "七一前录制")
        #expect((detail?["lecture"] as? [String: Any])?["recordedOn"] as? String == "2024-07-01")
        // Two manifests: staff choose; nothing is ingested meanwhile.
        try Data(csv.utf8).write(to: root.appendingPathComponent("上传/清单2.csv"))
        let two = try lectern(["ingest", root.appendingPathComponent("上传").path, "--dry-run"])
        #expect(two.status == 2)
        #expect(two.stderr.contains("上传文件夹里有 2 个清单："))
        #expect(two.stderr.contains("请用 --manifest 指定使用哪一个"))
    }

    @Test func fileNamesMakeTheOrganisationPatternOnlyWhenTheyNameOne() throws {
        _ = try lectern(["init"])
        _ = try lectern(["org", "import", "Fixtures/organisations.csv"])
        let odd = try upload("Fixtures/media/length_3m00s.mp4", as: "bear-vp9-odd-dimensions.mp4", in: "杂项")
        let run = try lectern(["ingest", odd.path])
        #expect(!run.stdout.contains("未知组织"), "\(run.stdout)")
        #expect(try lectern(["list", "--json"]).jsonLines.first?["title"] as? String == "bear-vp9-odd-dimensions")
        // A folder named after a known organisation names it.
        let inFolder = try upload("Fixtures/media/length_20m00s.mp4", as: "党课录像.mp4", in: "上传/春华镇")
        _ = try lectern(["ingest", inFolder.path])
        let row = try lectern(["list", "--json"]).jsonLines.first { $0["title"] as? String == "党课录像" }
        #expect(row?["organisation"] as? String == "春华镇")
    }

    @Test func pinyinFindsAFileNameInTraditionalCharacters() throws {
        _ = try lectern(["init"])
        _ = try upload("Fixtures/media/length_3m00s.mp4", as: "長沙縣 春華鎮 微黨課.mov", in: "收件")
        _ = try lectern(["ingest", root.appendingPathComponent("收件").path])
        for word in ["长沙", "changsha", "dangke"] {
            #expect(try lectern(["search", word, "--json"]).jsonLines.count == 1, "\(word)")
        }
    }

    @Test func organisationsImportWithChineseColumnNamesAndUnknownOnesSaid() throws {
        _ = try lectern(["init"])
        let file = root.appendingPathComponent("组织.csv")
        try Data("编号,名称,上级编号,类型,电话\nx,某县,,county,1\ny,某镇,x,township,2\n".utf8).write(to: file)
        let run = try lectern(["org", "import", file.path])
        #expect(run.stdout == "已导入 2 个组织\n")
        #expect(run.stderr == "lectern: 注意：组织.csv 第 5 列「电话」不认识，这一列没有导入；可用的列名：编号、名称、上级编号、类型、联系人\n")
        #expect(try lectern(["org", "tree"]).stdout.contains("└─ 某镇（y）"))
    }

    @Test func twoOrganisationsOfOneNameAreToldApart() throws {
        _ = try lectern(["init"])
        let file = root.appendingPathComponent("组织.csv")
        try Data(
            "id,name,parent_id,kind\ncs,长沙县,,county\nch,春华镇,cs,township\nty,桃源镇,cs,township\nxc1,新村党支部,ch,branch\nxc2,新村党支部,ty,branch\n"
                .utf8
        ).write(to: file)
        let imported = try lectern(["org", "import", file.path])
        #expect(imported.stderr.contains("有 2 个组织都叫「新村党支部」：xc1（上级：春华镇）、xc2（上级：桃源镇）；清单和 --org 中请用组织编号"))
        let upload = try upload("Fixtures/media/length_3m00s.mp4", as: "新村党支部-张三-党课.mp4", in: "同名")
        let ingest = try lectern(["ingest", upload.path])
        #expect(ingest.stdout.contains("有 2 个组织都叫「新村党支部」"))
        #expect(!ingest.stdout.contains("未知组织"))
        let search = try lectern(["search", "org:新村党支部"])
        #expect(search.stderr.contains("有 2 个组织都叫「新村党支部」：xc1（上级：春华镇）、xc2（上级：桃源镇）；请写组织编号"))
        #expect(try lectern(["search", "org:xc1", "--json"]).status == 0)
        let report = try lectern(["report", "quarterly", "--period", "2026-Q4"]).stdout
        #expect(report.contains("新村党支部（春华镇）") && report.contains("新村党支部（桃源镇）"))
    }

    /// A lecture under an organisation not yet in the tree waits under 未分配, is named in the
    /// weekly reminder, and is relinked once the organisation is imported, audited.
    @Test func unassignedLecturesAreListedAndRelinked() throws {
        _ = try lectern(["init"])
        _ = try lectern(["org", "import", "Fixtures/organisations.csv"])
        let file = try upload("Fixtures/media/length_3m00s.mp4", as: "新桥镇-李四-党课.mp4", in: "新")
        _ = try lectern(["ingest", file.path])
        let weekly = try lectern(["report", "weekly"]).stdout
        #expect(weekly.contains("未分配组织的节目（1 项）"))
        #expect(weekly.contains("新桥镇"))
        let early = try lectern(["org", "relink", "--dry-run"]).stdout
        #expect(early.contains("仍未分配（「新桥镇」仍不认识或有重名"))
        let org = root.appendingPathComponent("新桥镇.csv")
        try Data("id,name,parent_id,kind\nxinqiao,新桥镇,changsha,township\n".utf8).write(to: org)
        _ = try lectern(["org", "import", org.path])
        #expect(try lectern(["org", "relink", "--dry-run"]).stdout.contains("将归入 新桥镇"))
        #expect(try lectern(["list", "--json"]).jsonLines.first?["organisation"] as? String == "未分配")
        let relink = try lectern(["org", "relink"])
        #expect(relink.stdout.hasSuffix("已归属 1 个，仍未分配 0 个\n"))
        #expect(try lectern(["list", "--json"]).jsonLines.first?["organisation"] as? String == "新桥镇")
        let id = try #require(try lectern(["list", "--json"]).jsonLines.first?["id"] as? Int)
        #expect(try lectern(["show", "\(id)"]).stdout.contains("组织：未分配 → 新桥镇（上传时写的「新桥镇」"))
        #expect(try lectern(["audit", "verify"]).status == 0)
    }

    /// A rename keeps the former name: search finds either, and a report of a period before
    /// the rename shows the name in force then.
    @Test func aRenamedOrganisationKeepsItsFormerName() throws {
        _ = try lectern(["init"], now: "2026-08-01T09:00")
        _ = try lectern(["org", "import", "Fixtures/organisations.csv"], now: "2026-08-01T09:00")
        let file = try upload("Fixtures/media/length_3m00s.mp4", as: "党课.mp4", in: "春华镇")
        _ = try lectern(["ingest", file.path], now: "2026-08-02T09:00")
        let renamed = root.appendingPathComponent("改名.csv")
        try Data("id,name,parent_id,kind\nchunhua,春华街道,changsha,street\n".utf8).write(to: renamed)
        _ = try lectern(["org", "import", renamed.path], now: "2026-11-01T09:00")
        for query in ["春华镇", "春华街道", "org:春华镇", "org:春华街道"] {
            #expect(try lectern(["search", query, "--json"]).jsonLines.count == 1, "\(query)")
        }
        let q3 = try lectern(["report", "monthly", "--period", "2026-08"]).stdout
        #expect(q3.contains("春华镇") && !q3.contains("春华街道"))
        let nov = try lectern(["report", "monthly", "--period", "2026-11"]).stdout
        #expect(nov.contains("春华街道"))
    }

    @Test func aConfigurationErrorNamesTheFileOnceAndItsLine() throws {
        _ = try lectern(["init"])
        let config = library.appendingPathComponent("lectern.toml")
        // The catalog's address, where it is in PostgreSQL, stays the file's first line.
        let address = try String(contentsOf: config, encoding: .utf8).split(separator: "\n")
            .filter { $0.hasPrefix("catalog = ") }.map { $0 + "\n" }.joined()
        try Data((address + "[reports]\n# 每周提醒\npending_days = \"七天\"\n").utf8).write(to: config)
        let run = try lectern(["report", "weekly"])
        #expect(run.status == 2)
        let line = address.isEmpty ? 3 : 4
        #expect(run.stderr == "lectern: 配置文件 \(config.path) 第 \(line) 行：pending_days 应为数字，如 pending_days = 7\n")
        // Lengths of time may be written as staff say them.
        try Data((address + "[policy]\nmin_duration_seconds = \"10分钟\"\n").utf8).write(to: config)
        _ = try upload("Fixtures/media/length_3m00s.mp4", as: "短.mp4", in: "短")
        let ingest = try lectern(["ingest", root.appendingPathComponent("短").path])
        #expect(ingest.stdout.contains("短于 10分钟"), "\(ingest.stdout)\(ingest.stderr)")
    }
}

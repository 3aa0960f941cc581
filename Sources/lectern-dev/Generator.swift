import Catalog
import Foundation
import LecternCore

/// A county's catalog in the vocabulary of party-education work (docs/ARCHITECTURE.md, "Who
/// uses it" and "Review": 一月一课, 七一专题党课, the county's reason codes): townships and branches, speakers, titles, topics and tags; about one in ten written in traditional
/// characters, as some branches' software does. Seeded: the same seed gives the same catalog.
struct Generator {
    static let townships = [
        "春华镇", "黄兴镇", "果园镇", "江背镇", "金井镇", "高桥镇", "路口镇", "福临镇", "青山铺镇", "安沙镇",
        "北山镇", "开慧镇", "星沙街道", "湘龙街道", "泉塘街道", "长龙街道", "榔梨街道", "黄花镇",
    ]
    static let villages = [
        "新村", "东山村", "白沙村", "龙华村", "石塘村", "鹿芝岭村", "金鼎山村", "九木村", "双河村",
        "梨江村", "湖塘社区", "松雅社区", "天华社区", "望仙社区", "花园社区", "杨梅村", "朝阳村", "红旗村",
    ]
    static let surnames = Array(
        "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史黎贺顾毛郝龚邵万钱覃武戴孔")
    static let given = Array("辉明芳华军伟强敏静丽勇艳杰娟涛超秀英霞平刚桂兰玉梅红波鹏飞斌宇浩凯婷雪琳佳颖欣然志国建文")
    static let topics = [
        "党史学习", "党章学习", "二十大精神", "乡村振兴", "基层治理", "红色故事", "七一专题", "廉政教育",
        "理论学习", "为民服务", "生态文明", "产业发展", "疫情防控", "志愿服务", "家风建设", "安全生产",
    ]
    static let phrases = [
        "学习贯彻党的二十大精神", "红船精神永放光芒", "不忘初心 牢记使命", "一月一课一片一实践",
        "让党旗在基层一线高高飘扬", "做新时代合格党员", "从党史中汲取奋进力量", "乡村振兴路上的党员身影",
        "守护绿水青山", "把支部建在产业链上", "党员干部如何联系群众", "身边的榜样", "小岗村的启示",
        "铁军精神的传承", "理论联系实际", "红色家书里的初心", "讲好身边故事", "微党课 大道理",
        "党员积分制的实践", "支部书记谈发展",
    ]
    static let tags = ["七一", "专题", "基层", "党员教育", "优秀", "宣讲", "示范", "农村", "社区", "机关"]

    var rng: SeededGenerator
    init(seed: UInt64) { rng = SeededGenerator(seed: seed) }

    mutating func pick<T>(_ items: [T]) -> T { items[Int(rng.next() % UInt64(items.count))] }
    mutating func chance(_ p: Double) -> Bool { Double(rng.next() % 10_000) / 10_000 < p }

    static func traditional(_ s: String) -> String {
        s.applyingTransform(StringTransform("Traditional-Simplified"), reverse: true) ?? s
    }

    /// County → townships → branches; some township names kept in traditional characters.
    func organisations() -> [OrganisationRecord] {
        var out = [OrganisationRecord(id: "county", name: "长沙县", parentId: nil, kind: "county")]
        for (t, town) in Self.townships.enumerated() {
            let townId = "t\(t)"
            out.append(
                OrganisationRecord(
                    id: townId, name: t % 6 == 5 ? Self.traditional(town) : town, parentId: "county",
                    kind: town.hasSuffix("街道") ? "street" : "township"))
            for (v, village) in Self.villages.enumerated() {
                out.append(
                    OrganisationRecord(id: "\(townId)v\(v)", name: "\(village)党支部", parentId: townId, kind: "branch"))
            }
        }
        return out
    }

    mutating func lecture(_ i: Int, organisations: [OrganisationRecord]) -> NewLecture {
        let branches = organisations.filter { $0.kind == "branch" }
        let org = pick(branches)
        let topic = pick(Self.topics)
        var title: String
        switch rng.next() % 4 {
        case 0: title = "\(topic)：\(pick(Self.phrases))"
        case 1: title = "\(org.name.replacingOccurrences(of: "党支部", with: ""))微党课 \(pick(Self.phrases))"
        case 2: title = "第\(1 + rng.next() % 12)讲 \(pick(Self.phrases))"
        default: title = "\(pick(Self.phrases))（\(topic)）"
        }
        let speaker =
            String(pick(Self.surnames)) + String(pick(Self.given)) + (chance(0.5) ? String(pick(Self.given)) : "")
        if chance(0.1) { title = Self.traditional(title) }
        let duration = Double(120 + rng.next() % 1400)
        let year = 2019 + Int(rng.next() % 8), month = 1 + Int(rng.next() % 12), day = 1 + Int(rng.next() % 28)
        var n = NewLecture(
            title: title, sha256: String(format: "gen%016llx%08x", rng.next(), i),
            originalName: "\(org.name)-\(speaker)-\(title).mp4",
            originalPath: "/generated/\(i).mp4", storedPath: "media/generated/\(i).mp4",
            sizeBytes: Int64(duration * 120_000),
            probe: MediaInfo(
                file: "\(i).mp4", sizeBytes: Int64(duration * 120_000), container: "mov,mp4,m4a,3gp,3g2,mj2",
                durationSeconds: duration),
            findings: duration < 180 || duration > 1200 ? [PolicyFinding(rule: "duration", message: "时长不符")] : [])
        n.speaker = speaker
        n.organisationId = org.id
        n.topic = topic
        n.recordedOn = String(format: "%04d-%02d-%02d", year, month, day)
        n.description = chance(0.3) ? "\(org.name)组织党员学习\(topic)，联系本村实际开展讨论。" : nil
        n.tags = (0..<Int(rng.next() % 3)).map { _ in pick(Self.tags) }
        return n
    }

    /// A script of 2,000–6,000 characters: sentences of real Chinese prose, with the county's
    /// stock phrases between them as every party lecture has them.
    mutating func script(from sentences: [String]) -> String {
        let target = 2000 + Int(rng.next() % 4001)
        var out = ""
        while out.count < target {
            out += chance(0.15) ? pick(Self.phrases) + "。" : pick(sentences)
            if chance(0.2) { out += "\n" }
        }
        return out
    }
}

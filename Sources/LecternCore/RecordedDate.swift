/// A recorded date far before the upload: a lecture of years ago handed in as this month's,
/// or a date typed wrong. Not a policy failure (the file is fine), a finding the reviewer sees.
public enum RecordedDateCheck {
    public static let rule = "recordedDate"

    public static func finding(recordedOn: String?, uploadedOn: String, maxDays: Int) -> PolicyFinding? {
        guard let recordedOn, LectureDay.valid(recordedOn) else { return nil }
        let days = LectureDay.days(from: recordedOn, to: uploadedOn)
        guard days > maxDays else { return nil }
        return PolicyFinding(
            rule: rule, message: "录制日期 \(recordedOn) 比上传早 \(days) 天（超过 \(maxDays) 天），请核实是否为旧节目或日期写错")
    }
}

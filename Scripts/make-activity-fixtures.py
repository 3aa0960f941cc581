#!/usr/bin/env python3
"""Writes the themed-party-day fixtures (called by Scripts/make-fixtures; Python's standard
library, and the ffmpeg CLI for the photos):
  Fixtures/activities/十一月主题党日.xlsx   a month of the branches' records as staff keep them:
                                             the column names they use, dates as Excel day numbers,
                                             a time as Excel's fraction of a day, photos by name
  Fixtures/activities/有错误的记录.xlsx     the same with mistakes: a day that does not exist, a
                                             count that is not one, a branch not in the tree, a
                                             photo that is not one, a column nobody knows
  Fixtures/activities/照片/                 the photos (JPEG and PNG) and a text file named .jpg"""
import os, subprocess, zipfile
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Fixtures", "activities")
os.makedirs(os.path.join(root, "照片"), exist_ok=True)

def col(i): return chr(65 + i)
def esc(t): return str(t).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

def xlsx(path, sheet):
    strings, rows = [], []
    def sst(text):
        if text not in strings: strings.append(text)
        return strings.index(text)
    for r, row in enumerate(sheet, start=1):
        cells = []
        for c, value in enumerate(row):
            ref = f"{col(c)}{r}"
            if isinstance(value, (int, float)):
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')
            elif value != "":
                cells.append(f'<c r="{ref}" t="s"><v>{sst(value)}</v></c>')
        rows.append(f'<row r="{r}">{"".join(cells)}</row>')
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    files = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        "_rels/.rels": f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8"?><workbook {ns} xmlns:r="{rel}"><sheets><sheet name="主题党日" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0" encoding="UTF-8"?><worksheet {ns}><sheetData>{"".join(rows)}</sheetData></worksheet>',
        "xl/sharedStrings.xml": f'<?xml version="1.0" encoding="UTF-8"?><sst {ns} count="{len(strings)}" uniqueCount="{len(strings)}">' + "".join(f"<si><t>{esc(s)}</t></si>" for s in strings) + "</sst>",
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            z.writestr(zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), text)

header = ["序号", "支部", "日期", "时间", "地点", "参加人数", "参加人员", "主讲人", "党课题目", "观看影片", "实践活动", "讨论交流", "照片"]
# 46331 is 2026-11-05 as Excel counts days; 0.604166… is 14:30.
good = [header,
    [1, "新村党支部", 46331, 0.6041666666666666, "村部会议室", "23人", "刘强、吴辉、王芳", "吴辉", "稻田里的振兴路",
     "《解码中部崛起——促进城乡融合》", "清理村道垃圾，走访独居老人", "大家结合春耕谈了带头发展特色产业的打算", "照片/清理村道.jpg、照片/走访.png"],
    [2, "新村党支部", "2026年11月20日", "9:00-11:00", "屋场微阵地", 18, "", "", "", "", "政策宣讲送学上门", "", ""],
]
bad = [header + ["备用列"],
    [1, "新村党支部", "2026-11-31", "14:30", "村部", "二十多", "", "吴辉", "稻田里的振兴路", "", "", "", "", "x"],
    [2, "不存在的支部", "2026-11-06", "", "", 10, "", "", "", "", "清理河道", "", "", ""],
    [3, "新村党支部", "2026-11-07", "", "", 10, "", "", "", "", "义诊", "", "照片/不是照片.jpg", ""],
    [4, "新村党支部", "2026-11-08", "", "", 12, "", "", "", "", "义剪", "", "", ""],
]
xlsx(os.path.join(root, "十一月主题党日.xlsx"), good)
xlsx(os.path.join(root, "有错误的记录.xlsx"), bad)
photos = os.path.join(root, "照片")
def ff(*args): subprocess.run(["ffmpeg", "-loglevel", "error", "-y", *args], check=True)
ff("-f", "lavfi", "-i", "testsrc2=s=640x480", "-frames:v", "1", "-q:v", "5", os.path.join(photos, "清理村道.jpg"))
ff("-f", "lavfi", "-i", "smptebars=s=320x240", "-frames:v", "1", os.path.join(photos, "走访.png"))
with open(os.path.join(photos, "不是照片.jpg"), "w") as f: f.write("这是一段文字，不是照片\n")

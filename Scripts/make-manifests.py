#!/usr/bin/env python3
"""Writes the manifest fixtures (called by Scripts/make-fixtures; Python's standard library only):
  Fixtures/uploads/清单.xlsx          an Excel workbook as Excel writes it, with the column names staff
                                      use (序号 文件名 党课题目 授课人 所属支部 主题 录制日期 关键词 备注):
                                      shared strings, an inline string, a date as a serial day number
  Fixtures/manifests/清单-GBK.csv      the same in GB 18030, as Chinese Excel saves "CSV"
Both describe files in Fixtures/uploads."""
import os, sys, zipfile
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Fixtures")
rows = [
    ["file", "title", "speaker", "organisation", "topic", "recorded_on", "description", "tags"],
    ["桃源县-李明-一月一课.mp4", "一月一课：学习党章", "李明", "桃源县", "党章学习", 45474, "每月一课", "党章;基层"],
    ["青山湖区 张华 党史小故事.mp4", "党史小故事", "张华", "青山湖区", "党史", "2024/6/30", "", ""],
    ["禄劝县-王芳-七一特别党课.mkv", "七一特别党课", "王芳", "禄劝县", "七一", "2024年7月1日", "", "七一;专题"],
]
# The workbook: the staff's own column names, a 序号 column and a 备注 (remark) column.
staff_header = ["序号", "文件名", "党课题目", "授课人", "所属支部", "主题", "录制日期", "关键词", "备注"]
sheet = [staff_header] + [[n] + row[:6] + [row[7], row[6]] for n, row in enumerate(rows[1:], start=1)]
strings = []
def sst(text):
    if text not in strings: strings.append(text)
    return strings.index(text)
def col(i): return chr(65 + i)
def esc(t): return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
sheet_rows = []
for r, row in enumerate(sheet, start=1):
    cells = []
    for c, value in enumerate(row):
        ref = f"{col(c)}{r}"
        if isinstance(value, int) and c == 0:
            cells.append(f'<c r="{ref}"><v>{value}</v></c>')
        elif isinstance(value, int):
            cells.append(f'<c r="{ref}" s="1"><v>{value}</v></c>')
        elif value == "":
            continue
        elif r == 3 and c == 2:  # one inline string, as some tools write
            cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{esc(value)}</t></is></c>')
        else:
            cells.append(f'<c r="{ref}" t="s"><v>{sst(value)}</v></c>')
    sheet_rows.append(f'<row r="{r}">{"".join(cells)}</row>')
ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
files = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8"?><workbook {ns} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="清单" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    "xl/worksheets/sheet1.xml": f'<?xml version="1.0" encoding="UTF-8"?><worksheet {ns}><sheetData>{"".join(sheet_rows)}</sheetData></worksheet>',
}
files["xl/sharedStrings.xml"] = f'<?xml version="1.0" encoding="UTF-8"?><sst {ns} count="{len(strings)}" uniqueCount="{len(strings)}">' + "".join(f"<si><t>{esc(s)}</t></si>" for s in strings) + "</sst>"
with zipfile.ZipFile(os.path.join(root, "uploads", "清单.xlsx"), "w", zipfile.ZIP_DEFLATED) as z:
    for name, text in files.items():
        z.writestr(zipfile.ZipInfo(name, date_time=(2024, 7, 1, 0, 0, 0)), text)
os.makedirs(os.path.join(root, "manifests"), exist_ok=True)
with open(os.path.join(root, "manifests", "清单-GBK.csv"), "w", encoding="gb18030", newline="") as f:
    for row in rows:
        values = [str(v) if not isinstance(v, int) else "2024-07-01" for v in row]
        if row[0] != "file": values[0] = "../uploads/" + values[0]
        f.write(",".join(values) + "\r\n")

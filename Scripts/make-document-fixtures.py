#!/usr/bin/env python3
"""Writes Fixtures/documents: scripts and slides as staff attach them, and the bad ones.

  讲稿.docx          a Word script (paragraphs, a tab, an entity)       zipfile, by hand
  课件.pptx          three slides                                       zipfile, by hand
  讲稿.pdf           a PDF with a text layer                           Chromium's print to PDF
  扫描件.pdf         a PDF of one picture and no text (a scan)          Chromium's print to PDF
  加密.pdf           讲稿.pdf with a password                          pypdf (PyPI), RC4
  讲稿-GBK.txt       GB18030, as Notepad's 「ANSI」 saves it
  讲稿-UTF8.txt      UTF-8 with a BOM
  损坏.docx          a .docx cut short                                 the first 300 bytes
  旧版.doc           an OLE (Word 97-2003) header
  空.pdf             zero bytes
Run once; the files are committed. Needs chromium (Scripts/setup browser) and pypdf.
"""
import os, subprocess, sys, tempfile, zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Fixtures", "documents")
os.makedirs(OUT, exist_ok=True)

SCRIPT = [
    "乡村振兴我先行——龙王庙村党支部微党课讲稿",
    "同志们：今天我们一起学习党的二十大精神，谈一谈乡村振兴。",
    "一、产业兴旺是基础。我们村依托种业小镇，发展稻田养虾，去年户均增收一万二千元。",
    "二、人才是关键。返乡青年李明带头成立合作社，带动四十户群众。",
    "三、党员要带头。不忘初心、牢记使命，把支部建在产业链上。",
]

def docx(path, paragraphs):
    body = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{p.replace("&", "&amp;")}</w:t></w:r></w:p>' for p in paragraphs)
    body += '<w:p><w:r><w:t>时间</w:t></w:r><w:r><w:tab/></w:r><w:r><w:t>2026年11月</w:t></w:r></w:p>'
    document = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                f'<w:body>{body}</w:body></w:document>')
    types = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="xml" ContentType="application/xml"/></Types>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr("word/document.xml", document)

def pptx(path, slides):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        # Written out of order: the reader sorts them by number (slide10 after slide2).
        for n in reversed(range(1, len(slides) + 1)):
            paras = "".join(f"<a:p><a:r><a:t>{t}</a:t></a:r></a:p>" for t in slides[n - 1])
            z.writestr(f"ppt/slides/slide{n}.xml",
                       '<?xml version="1.0"?><p:sld xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
                       f'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"><p:cSld><p:spTree>{paras}'
                       '</p:spTree></p:cSld></p:sld>')

def pdf(path, html):
    with tempfile.NamedTemporaryFile("w", suffix=".html", delete=False, encoding="utf-8") as f:
        f.write(html)
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--print-to-pdf={path}", "file://" + f.name], check=True, capture_output=True)
    os.unlink(f.name)

docx(os.path.join(OUT, "讲稿.docx"), SCRIPT + ["党建 & 发展"])
pptx(os.path.join(OUT, "课件.pptx"), [["乡村振兴我先行", "龙王庙村党支部"], ["产业兴旺", "稻田养虾"], ["党员带头", "不忘初心、牢记使命"]])
style = '<meta charset="utf-8"><style>body{font-family:"Noto Sans CJK SC";font-size:14pt}</style>'
pdf(os.path.join(OUT, "讲稿.pdf"), style + "".join(f"<p>{p}</p>" for p in SCRIPT))
png = tempfile.NamedTemporaryFile(suffix=".png", delete=False).name
subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "gradients=s=600x800:seed=5", "-frames:v", "1", png], check=True)
import base64
with open(png, "rb") as f:
    picture = base64.b64encode(f.read()).decode()
os.unlink(png)
pdf(os.path.join(OUT, "扫描件.pdf"), f'<img src="data:image/png;base64,{picture}" style="width:100%">')
from pypdf import PdfReader, PdfWriter
writer = PdfWriter(clone_from=PdfReader(os.path.join(OUT, "讲稿.pdf")))
writer.encrypt(user_password="123456", algorithm="RC4-128")
with open(os.path.join(OUT, "加密.pdf"), "wb") as f:
    writer.write(f)
with open(os.path.join(OUT, "讲稿-GBK.txt"), "wb") as f:
    f.write("\r\n".join(SCRIPT).encode("gb18030"))
with open(os.path.join(OUT, "讲稿-UTF8.txt"), "wb") as f:
    f.write(b"\xef\xbb\xbf" + "\n".join(SCRIPT).encode("utf-8"))
with open(os.path.join(OUT, "讲稿.docx"), "rb") as f, open(os.path.join(OUT, "损坏.docx"), "wb") as g:
    g.write(f.read()[:300])
with open(os.path.join(OUT, "旧版.doc"), "wb") as f:
    f.write(bytes([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) + bytes(504))
open(os.path.join(OUT, "空.pdf"), "wb").close()
print("make-document-fixtures: wrote", ", ".join(sorted(os.listdir(OUT))))

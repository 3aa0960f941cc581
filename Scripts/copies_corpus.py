"""The corpus of Scripts/bench-copies: lecture-like videos with speech, copies of them made
the ways copies reach a county, and hard negatives that must not be flagged.

Usage: copies_corpus.py FOLDER SOURCES SECONDS
Cached: a file already made is kept (delete the folder to start again).
Scripts/make-fixtures uses it for the small copies in Fixtures/copies."""
import glob
import os
import random
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchmedia import FONT, SIZE, real, scene, content  # noqa: E402

folder = work = ""


def use(path):
    """Makes `path` the folder the lectures and copies are written into."""
    global folder, work
    folder, work = path, os.path.join(path, "parts")
    os.makedirs(work, exist_ok=True)

CJK = next(iter(glob.glob("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")), FONT)

# Real speech shipped by Debian: LibriVox readings, spoken commands and digits
# (pocketsphinx-testdata), the ALSA channel announcements (alsa-utils).
SPHINX = "/usr/share/pocketsphinx/test/data"
REAL_SPEECH = sorted(glob.glob(f"{SPHINX}/librivox/*.wav") + glob.glob(f"{SPHINX}/cards/*.wav")) + sorted(
    glob.glob(f"{SPHINX}/*.raw") + glob.glob(f"{SPHINX}/tidigits/*.raw")) + sorted(
    f for f in glob.glob("/usr/share/sounds/alsa/*.wav") if "Noise" not in f)

SUBJECTS = "我们党支部 全体党员 基层干部 村里的老党员 社区志愿者 青年党员 驻村工作队 支部委员会 退役军人党员 返乡创业的党员".split()
VERBS = "认真学习 深入贯彻 积极落实 扎实推进 努力践行 不断深化 持续巩固 主动对接 全面梳理 用心用情做好".split()
OBJECTS = ("党的二十大精神 乡村振兴战略 基层治理工作 为人民服务的宗旨 党史学习教育成果 党章党规党纪 "
           "人居环境整治 产业发展规划 防汛抗旱准备 民生实事清单 网格化管理 矛盾纠纷调解").split()
TAILS = ["，切实解决群众的急难愁盼问题。", "，把学习成果转化为推动工作的实际行动。", "，让老百姓的日子越过越红火。",
         "，做到件件有着落、事事有回音。", "，在关键时刻站得出来、冲得上去。", "。", "，为全县发展贡献力量。"]
PLACES = "东坪村 河口镇 城关社区 石门乡 新华街道 柳溪村 桃花湾 白鹤岭".split()


def text(rng, chars):
    out = []
    while sum(map(len, out)) < chars:
        k = rng.random()
        if k < 0.2:
            out.append(f"{rng.randrange(2015, 2026)}年{rng.randrange(1, 13)}月，{rng.choice(PLACES)}的"
                       f"{rng.choice(SUBJECTS)}{rng.choice(VERBS)}{rng.choice(OBJECTS)}{rng.choice(TAILS)}")
        elif k < 0.35:
            out.append(f"第{rng.randrange(1, 9)}点，{rng.choice(OBJECTS)}要抓住{rng.randrange(2, 6)}个关键，"
                       f"一是{rng.choice(VERBS)}，二是{rng.choice(VERBS)}。")
        else:
            out.append(f"{rng.choice(SUBJECTS)}{rng.choice(VERBS)}{rng.choice(OBJECTS)}{rng.choice(TAILS)}")
    return "".join(out)


def run(args):
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y"] + args, check=True)


def duration(path):
    out = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", path],
                         check=True, capture_output=True, text=True).stdout
    return float(out.strip())


def speech(name, seed, seconds, real_index):
    """One speaker's talk: espeak-ng Chinese in one voice (its own speed and pitch), with a
    real recording (this lecture's own) in the middle. 44.1 kHz stereo WAV."""
    out = f"{work}/{name}.speech.wav"
    if os.path.exists(out):
        return out
    rng = random.Random(seed)
    voice = "cmn+" + rng.choice(["m1", "m2", "m3", "m4", "f1", "f2", "f3", "f4", "m7", "f5"])
    speed, pitch = rng.randrange(130, 185), rng.randrange(25, 75)
    first, second = f"{work}/{name}.tts1.wav", f"{work}/{name}.tts2.wav"
    chars = int(seconds * 4.2)
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-p", str(pitch), "-g", str(rng.randrange(2, 8)),
                    "-w", first, text(rng, chars // 2)], check=True)
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-p", str(pitch), "-g", str(rng.randrange(2, 8)),
                    "-w", second, text(rng, chars // 2)], check=True)
    inputs = ["-i", first]
    if real_index is not None and REAL_SPEECH:
        path = REAL_SPEECH[real_index % len(REAL_SPEECH)]
        inputs += (["-f", "s16le", "-ar", "16000", "-ac", "1"] if path.endswith(".raw") else []) + ["-i", path]
    inputs += ["-i", second]
    n = len(inputs) // 2 if real_index is None else 3
    graph = "".join(f"[{k}:a]aformat=sample_rates=44100:channel_layouts=stereo,apad=pad_dur=0.6[s{k}];" for k in range(n))
    graph += "".join(f"[s{k}]" for k in range(n)) + f"concat=n={n}:v=0:a=1,atrim=0:{seconds}[a]"
    run(inputs + ["-filter_complex", graph, "-map", "[a]", out])
    return out


def melody(seed, seconds, level):
    """Stock music: three voices stepping through a seeded scale."""
    rng = random.Random(seed)
    a, b, c = rng.randrange(2, 8), rng.randrange(2, 8), rng.randrange(1, 6)
    f = rng.choice([196, 220, 247, 262])
    return (f"aevalsrc='{level}*(0.5*sin(2*PI*t*{f}*pow(2,mod(floor(t*2)*{a},12)/12))"
            f"+0.3*sin(2*PI*t*{f * 1.5}*pow(2,mod(floor(t/2)*{b},12)/12))"
            f"+0.2*sin(2*PI*t*{f / 2}*pow(2,mod(floor(t)*{c},12)/12)))':s=44100:c=stereo:d={seconds}")


def template(rng, kind, d, slide_seed, inset=None):
    """A slide on the county template: red header, cream body, the party school's footer;
    its own text (and in `inset` mode a moving picture at the right)."""
    srng = random.Random(slide_seed)
    src = (f"color=c=#f6efd9:s={SIZE}:r=25,drawbox=x=0:y=0:w=iw:h=62:color=#b01818:t=fill,"
           f"drawbox=x=0:y=ih-34:w=iw:h=34:color=#b01818:t=fill,"
           f"drawtext=fontfile={CJK}:text='中共示范县委党校  微党课':fontsize=18:fontcolor=#ffe9a8:x=20:y=h-26,"
           f"drawtext=fontfile={CJK}:text='{srng.choice(OBJECTS)}':fontsize=34:fontcolor=white:x=24:y=12")
    for k in range(srng.randrange(3, 6)):
        line = f"{srng.choice(SUBJECTS)}{srng.choice(VERBS)}{srng.choice(OBJECTS)}"
        src += f",drawtext=fontfile={CJK}:text='{k + 1}. {line}':fontsize={srng.randrange(20, 26)}:fontcolor=#402010:x=36:y={92 + 44 * k}"
    args = ["-f", "lavfi", "-t", str(d), "-i", src]
    return args, False, inset


def build(name, seed, seconds, real_index, video="lecture", music=None, jingle=None, card=None, gop=50, clip=None):
    """A lecture: `video` pictures under one speaker's talk, optionally over stock music, after
    a shared jingle (music and title card) or a shared title card."""
    path = f"{folder}/{name}.mp4"
    if os.path.exists(path):
        return path
    rng = random.Random(seed)
    talk = speech(name, seed, seconds, real_index)
    length = duration(talk)
    intro = 15 if (jingle is not None or card is not None) else 0
    if video in ("lecture", "slides"):
        scenes = content(rng, length, clip, **({"kinds": ["slide", "build"]} if video == "slides" else {}))
        parts = [(inp, is_real, None) for inp, is_real in scenes]
    else:
        parts, t = [], 0
        while t < length:
            d = rng.randrange(15, 40)
            parts.append(template(rng, video, d, seed * 1000 + len(parts), inset=(video == "inset")))
            t += d
    if intro:
        title = (f"gradients=s={SIZE}:seed={4242 + (card or jingle)}:speed=0.01:rate=25,"
                 f"drawtext=fontfile={CJK}:text='示范县 微党课 第{(card or jingle)}季':fontsize=40:fontcolor=white:x=(w-tw)/2:y=h/2-20")
        parts.insert(0, (["-f", "lavfi", "-t", str(intro), "-i", title], False, None))
    args, filters = [], []
    n = 0
    for inp, is_real, inset in parts:
        args += inp
        chain = (f"scale={SIZE.replace('x', ':')},fps=25,setsar=1" if is_real else "setsar=1")
        if inset:
            d = float(inp[inp.index("-t") + 1])
            args += ["-f", "lavfi", "-t", str(d), "-i",
                     f"life=s=200x150:seed={seed * 7 + n}:rate=5:life_color=#%06x,fps=25" % rng.randrange(2**24)]
            filters.append(f"[{n}:v]{chain}[b{n}];[{n + 1}:v]setsar=1[i{n}];[b{n}][i{n}]overlay=x=420:y=110,format=yuv420p[v{len(filters)}]")
            n += 2
        else:
            filters.append(f"[{n}:v]{chain},format=yuv420p[v{len(filters)}]")
            n += 1
    k = len(filters)
    audio_inputs = ["-i", talk]
    graph = ";".join(filters) + ";" + "".join(f"[v{i}]" for i in range(k)) + f"concat=n={k}:v=1:a=0,trim=0:{length + intro}[v]"
    speech_in = n
    a = f"[{speech_in}:a]adelay={intro * 1000}|{intro * 1000},apad=whole_dur={length + intro}[talk]"
    mix = ["[talk]"]
    extra = []
    if music is not None:
        extra += ["-f", "lavfi", "-i", melody(music, length + intro, 0.09)]  # about 12 dB under the speech
        mix.append(f"[{speech_in + 1}:a]")
    if jingle is not None:
        extra += ["-f", "lavfi", "-i", melody(7000 + jingle, intro, 0.5)]
        mix.append(f"[{speech_in + 1 + (music is not None)}:a]")
    a += ";" + "".join(mix) + (f"amix=inputs={len(mix)}:duration=longest:normalize=0[a]" if len(mix) > 1 else "anull[a]")
    run(args + audio_inputs + extra + ["-filter_complex", graph + ";" + a, "-map", "[v]", "-map", "[a]",
         "-t", str(length + intro), "-c:v", "libx264", "-preset", "veryfast", "-b:v", "700k", "-g", str(gop),
         "-c:a", "aac", "-b:a", "96k", path + ".tmp.mp4"])
    os.rename(path + ".tmp.mp4", path)
    return path


ROOM = ("highpass=f=180,lowpass=f=3800,aecho=0.8:0.55:37|71|113:0.35|0.22|0.12,"
        "volume='0.6+0.25*sin(t/5)':eval=frame")
SCREEN = (f"scale=560:316,pad=640:360:40:22:color=#1c1c1c,"
          "perspective=x0=22:y0=14:x1=W-8:y1=26:x2=10:y2=H-18:x3=W-28:y3=H-6:interpolation=linear,"
          "colorbalance=rs=0.08:gs=0.02:bs=-0.07,eq=contrast=0.85:brightness=0.03:saturation=0.8,"
          "noise=alls=12:allf=t,fps=30")
LOGO = (f"drawbox=x=iw*0.76:y=ih*0.04:w=iw*0.2:h=ih*0.12:color=#c00000@0.85:t=fill,"
        f"drawtext=fontfile={FONT}:text='TV-1':fontsize=26:fontcolor=white:x=w*0.8:y=h*0.06")
ENC = ["-c:v", "libx264", "-preset", "veryfast", "-r", "25", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "64k"]


def transform(src, kind, s):
    ext = "m4a" if kind == "audio" else "mp4"
    out = src.replace("source_", f"copy_{kind}_").replace(".mp4", f".{ext}")
    if os.path.exists(out):
        return
    tmp = out + f".tmp.{ext}"
    if kind == "reencode":
        run(["-i", src, "-c:v", "libx264", "-preset", "medium", "-b:v", "250k", "-g", "50", "-bf", "0",
             "-c:a", "aac", "-b:a", "32k", "-ac", "1", "-ar", "22050", tmp])
    elif kind == "rescale":
        run(["-i", src, "-vf", "scale=426:240"] + ENC + [tmp])
    elif kind == "trim20":
        run(["-ss", "20", "-i", src] + ENC + [tmp])
    elif kind == "logo":
        run(["-i", src, "-vf", LOGO] + ENC + [tmp])
    elif kind == "speed5":
        run(["-i", src, "-filter_complex", "[0:v]setpts=PTS/1.05[v];[0:a]atempo=1.05[a]", "-map", "[v]", "-map", "[a]"]
            + ENC + [tmp])
    elif kind == "intro":
        title = (f"gradients=s={SIZE}:seed={900 + s}:speed=0.02:rate=25,drawtext=fontfile={CJK}:"
                 f"text='转载 学习园地 第{s + 3}期':fontsize=40:fontcolor=white:x=(w-tw)/2:y=h/2-20")
        run(["-f", "lavfi", "-t", "12", "-i", title, "-f", "lavfi", "-t", "12", "-i", melody(8000 + s, 12, 0.4),
             "-i", src, "-filter_complex",
             "[0:v]setsar=1,format=yuv420p[v0];[2:v]setsar=1,format=yuv420p[v1];"
             "[1:a]aformat=sample_rates=44100:channel_layouts=stereo[a0];[2:a]aformat=sample_rates=44100:channel_layouts=stereo[a1];"
             "[v0][a0][v1][a1]concat=n=2:v=1:a=1[v][a]", "-map", "[v]", "-map", "[a]"] + ENC + [tmp])
    elif kind == "screen":
        # A phone filming a screen: the picture warped, recoloured and noisy at 30 fps; the
        # sound through a room (band-limited, reverberant, gain moving, noise at 10-20 dB SNR).
        noise = 0.012 + 0.01 * (s % 3)
        run(["-i", src, "-f", "lavfi", "-i", f"anoisesrc=color=pink:amplitude={noise}:sample_rate=44100:seed={s + 1}",
             "-filter_complex", f"[0:v]{SCREEN}[v];[0:a]{ROOM}[r];[r][1:a]amix=inputs=2:duration=first:normalize=0,"
             "aformat=channel_layouts=mono[a]", "-map", "[v]", "-map", "[a]", "-c:v", "libx264", "-preset", "veryfast",
             "-g", "30", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "64k", "-ar", "48000", tmp])
    elif kind == "mirror":
        run(["-i", src, "-vf", "hflip"] + ENC + [tmp])
    elif kind == "slides":
        # The same recording's sound under new slides.
        rng = random.Random(31337 + s)
        length = duration(src)
        scenes = content(rng, length, None)
        args = [a for inp, _ in scenes for a in inp]
        graph = ";".join(f"[{k}:v]setsar=1,format=yuv420p[v{k}]" for k in range(len(scenes)))
        graph += ";" + "".join(f"[v{k}]" for k in range(len(scenes))) + f"concat=n={len(scenes)}:v=1:a=0[v]"
        run(args + ["-i", src, "-filter_complex", graph, "-map", "[v]", "-map", f"{len(scenes)}:a", "-t", str(length)]
            + ENC + [tmp])
    elif kind == "audio":
        run(["-i", src, "-vn", "-c:a", "aac", "-b:a", "48k", "-ac", "1", tmp])
    os.rename(tmp, out)


TRANSFORMS = ["reencode", "rescale", "trim20", "logo", "speed5", "intro", "screen", "mirror", "slides", "audio"]


def main(S, SECONDS):
    jobs = []
    for s in range(S):
        # Each lecture its own real camera clip ($LECTERN_REAL_CLIPS), as bench-duplicates does;
        # the hard negatives none (two lectures sharing footage would be right to match).
        jobs.append(dict(name=f"source_{s:02d}", seed=100 + s, seconds=SECONDS + (s % 3) * 10, real_index=s,
                         gop=25 if s % 2 else 50, clip=real[s] if s < len(real) else None))
    # Hard negatives, two different lectures each.
    for k, (kind, extra) in enumerate([("music", {"music": 1}), ("jingle", {"jingle": 1}), ("template", {"video": "template"}),
                                       ("inset", {"video": "inset"}), ("card", {"card": 2})]):
        for side in (0, 1):
            jobs.append(dict(name=f"neg_{kind}_{'ab'[side]}", seed=500 + 2 * k + side, seconds=SECONDS,
                             real_index=S + 2 * k + side, **extra))
    todo = [j for j in jobs if not os.path.exists(f"{folder}/{j['name']}.mp4")]
    if todo:
        print(f"bench-copies: making {len(todo)} lectures and their copies (once, kept in {folder})", file=sys.stderr)
    with ThreadPoolExecutor(os.cpu_count() or 2) as pool:
        list(pool.map(lambda j: build(**j), jobs))
        list(pool.map(lambda a: transform(*a), [(f"{folder}/source_{s:02d}.mp4", t, s) for s in range(S) for t in TRANSFORMS]))


if __name__ == "__main__":
    use(sys.argv[1])
    main(int(sys.argv[2]), float(sys.argv[3]))

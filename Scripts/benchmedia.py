"""Lecture-like scenes for the benchmarks (Scripts/bench-duplicates, Scripts/bench-copies),
made with the ffmpeg CLI's lavfi sources: text slides, a "speaker" before a slowly changing
background, slowly evolving patterns, a fractal zoom, and real camera clips from
$LECTERN_REAL_CLIPS (a folder of .mp4/.3gp/.avi files over 200 kB) when it is set."""
import glob
import os

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
SIZE = "640x360"
clips = os.environ.get("LECTERN_REAL_CLIPS", "")
real = sorted(f for f in (glob.glob(os.path.join(clips, "**/*"), recursive=True) if clips else [])
              if f.endswith((".mp4", ".3gp", ".avi")) and os.path.getsize(f) > 200_000
              and "sample_mdat_too_long" not in f)
WORDS = ("theory practice branch village study history service duty river bridge school "
         "harvest clinic road water forest unity reform council report method spirit").split()
POINTS = [(-0.7436, 0.1318), (-0.1011, 0.9563), (-1.25066, 0.02012), (-0.748, 0.1),
          (0.285, 0.01), (-0.8, 0.156), (-0.7269, 0.1889), (-1.768, 0.001)]

def scene(rng, kind, d, real_clip=None):
    """One lavfi input (arguments) of d seconds."""
    seed = rng.randrange(1, 2**31)
    if kind == "life":
        c1, c2 = "#%06x" % rng.randrange(2**24), "#%06x" % rng.randrange(2**24)
        src = f"life=s={SIZE}:seed={seed}:ratio={rng.uniform(0.05, 0.3):.2f}:mold={rng.randrange(0, 20)}:rate=2:life_color={c1}:death_color={c2},fps=25"
    elif kind == "cellauto":
        src = f"cellauto=s={SIZE}:seed={seed}:rule={rng.choice([18, 30, 45, 57, 73, 90, 105, 110, 150])}:rate=4,fps=25"
    elif kind == "gradients":
        src = f"gradients=s={SIZE}:seed={seed}:speed={rng.uniform(0.002, 0.02):.4f}:rate=25:nb_colors={rng.randrange(2, 8)}"
    elif kind == "mandelbrot":
        x, y = rng.choice(POINTS)
        src = (f"mandelbrot=s={SIZE}:rate=25:maxiter=300:start_scale={rng.uniform(0.3, 2):.3f}:start_x={x}:start_y={y}:"
               f"end_scale={rng.uniform(0.01, 0.2):.4f}:end_pts={rng.randrange(1500, 4000)}")
    elif kind == "speaker":
        # A person-sized shape that sways a little before a slowly changing background.
        bx, by = rng.randrange(120, 420), rng.randrange(60, 140)
        src = (f"gradients=s={SIZE}:seed={seed}:speed=0.003:rate=25:nb_colors={rng.randrange(2, 5)},"
               f"drawbox=x='{bx}+12*sin(t*{rng.uniform(0.3, 1.2):.2f})':y={by}:w={rng.randrange(90, 150)}:h={rng.randrange(180, 260)}:"
               f"color=#%06x:t=fill" % rng.randrange(2**24))
    elif kind in ("slide", "build"):
        bg = "#%06x" % rng.randrange(2**24)
        lines = [" ".join(rng.choice(WORDS) for _ in range(rng.randrange(2, 5))) for _ in range(rng.randrange(2, 5))]
        src = f"color=c={bg}:s={SIZE}:r=25"
        src += f",drawtext=fontfile={FONT}:text='{rng.choice(WORDS).title()} {rng.randrange(1, 99)}':fontsize=44:fontcolor=white:x={rng.randrange(20, 200)}:y={rng.randrange(20, 80)}"
        for k, line in enumerate(lines):
            appear = f":enable='gte(t,{k * d / (len(lines) + 1):.1f})'" if kind == "build" else ""
            src += f",drawtext=fontfile={FONT}:text='- {line}':fontsize={rng.randrange(24, 34)}:fontcolor=#f0f0a0:x={rng.randrange(30, 120)}:y={130 + 50 * k}{appear}"
    elif kind == "real":
        return ["-stream_loop", "-1", "-t", str(d), "-i", real_clip], True
    elif kind == "black":
        src = f"color=c=black:s={SIZE}:r=25"
    elif kind == "title":
        src = (f"gradients=s={SIZE}:seed=424242:speed=0.01:rate=25,drawtext=fontfile={FONT}:"
               "text='County Party School - Micro Lecture':fontsize=34:fontcolor=white:x=(w-tw)/2:y=h/2-20")
    return ["-f", "lavfi", "-t", str(d), "-i", src], False

KINDS = ["slide", "slide", "build", "build", "speaker", "speaker", "life", "cellauto", "gradients", "mandelbrot"]
def content(rng, seconds, real_clip, kinds=KINDS):
    out, total = [], 0
    while total < seconds:
        kind = rng.choice(kinds)
        if real_clip and len(out) == 2:
            kind = "real"
        d = rng.randrange(15, 46)
        out.append(scene(rng, kind, d, real_clip))
        total += d
    return out


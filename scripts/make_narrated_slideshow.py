"""Make the workers' track's short film "Make the text bigger" (module 01, lesson 02).

A narrated slideshow of the lesson's own pictures: the five steps of ``text-size-steps.svg``
one by one, then the before-and-after picture ``text-size.png``. The narration is English,
spoken by eSpeak NG (Debian: ``apt-get install espeak-ng``); the captions are timed to it,
sentence by sentence, in English, German and Arabic (the German and Arabic captions translate
the English narration, so learners read their language while hearing English). The film is
encoded by the ffmpeg that the PyPI package ``imageio-ffmpeg`` bundles.

Not run in CI: the outputs are committed as course media, and this script says how they were
made. Run it from the repository's root, with the development tools installed::

    apt-get install -y espeak-ng
    .venv/bin/pip install imageio-ffmpeg cairosvg
    .venv/bin/python scripts/make_narrated_slideshow.py

It writes, in ``modules/01-my-phone-and-me/media/``: ``text-size-film.mp4`` (640 x 360,
H.264 and AAC, a few hundred kilobytes), ``text-size-film.en.vtt``, ``.de.vtt``, ``.ar.vtt``
and ``text-size-film.poster.png``. eSpeak NG and ffmpeg versions may give slightly different
bytes; the timings come from the spoken sentences, so the captions always match the sound.
"""

import io
import subprocess
import sys
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

import cairosvg  # type: ignore[import-untyped]
import imageio_ffmpeg  # type: ignore[import-untyped]
from PIL import Image

MEDIA = Path("modules/01-my-phone-and-me/media")
NAME = "text-size-film"
WIDTH, HEIGHT = 640, 360
RATE = 22050  # eSpeak NG's sample rate
PAUSE = 0.35  # seconds of silence after each sentence
VOICE, SPEED = "en-gb", 135  # words a minute: slow and clear


@dataclass(frozen=True)
class Slide:
    """One picture (``step``: one of the five circles of the steps picture, 0 for all) and
    what is said while it shows: sentences in English, German and Arabic."""

    picture: str
    step: int
    sentences: tuple[tuple[str, str, str], ...]


SLIDES = (
    Slide(
        "text-size-steps.svg",
        0,
        (
            (
                "Make the text on your phone bigger.",
                "Machen Sie die Schrift auf Ihrem Handy größer.",
                "اجعل النص على هاتفك أكبر.",
            ),
            ("There are 5 steps.", "Es gibt 5 Schritte.", "هناك 5 خطوات."),
        ),
    ),
    Slide(
        "text-size-steps.svg",
        1,
        (
            (
                "Step 1. Open Settings.",
                "Schritt 1. Öffnen Sie die Einstellungen.",
                "الخطوة 1. افتح الإعدادات.",
            ),
            (
                "The picture looks like a wheel with teeth.",
                "Das Bild sieht aus wie ein Rad mit Zacken.",
                "الصورة تشبه عجلة لها أسنان.",
            ),
        ),
    ),
    Slide(
        "text-size-steps.svg",
        2,
        (
            (
                "Step 2. Tap Display or Accessibility.",
                "Schritt 2. Tippen Sie auf Anzeige oder Bedienungshilfen.",
                "الخطوة 2. اضغط على العرض أو إمكانية الوصول.",
            ),
        ),
    ),
    Slide(
        "text-size-steps.svg",
        3,
        (
            (
                "Step 3. Tap Text size.",
                "Schritt 3. Tippen Sie auf Schriftgröße.",
                "الخطوة 3. اضغط على حجم النص.",
            ),
        ),
    ),
    Slide(
        "text-size-steps.svg",
        4,
        (
            (
                "Step 4. Move the dot toward the big letter A.",
                "Schritt 4. Schieben Sie den Punkt zum großen A.",
                "الخطوة 4. حرّك النقطة نحو حرف A الكبير.",
            ),
        ),
    ),
    Slide(
        "text-size-steps.svg",
        5,
        (
            (
                "Step 5. Look at the text. Is it easy to read?",
                "Schritt 5. Sehen Sie auf die Schrift. Können Sie sie gut lesen?",
                "الخطوة 5. انظر إلى النص. هل قراءته سهلة؟",
            ),
            ("Then you are ready.", "Dann sind Sie fertig.", "إذن انتهيت."),
        ),
    ),
    Slide(
        "text-size.png",
        0,
        (
            (
                "Now the text is big.",
                "Jetzt ist die Schrift groß.",
                "الآن النص كبير.",
            ),
            (
                "Your eyes do not get tired so fast.",
                "Ihre Augen werden nicht so schnell müde.",
                "عيناك لا تتعبان بسرعة.",
            ),
        ),
    ),
)
LANGUAGES = ("en", "de", "ar")


def picture(slide: Slide) -> Image.Image:
    """The slide's picture on a white 640 x 360 frame: one step of the steps picture, or a
    whole picture, as large as fits."""
    source = MEDIA / slide.picture
    if source.suffix == ".svg":
        data = cairosvg.svg2png(url=str(source), output_width=1280)
        image = Image.open(io.BytesIO(data)).convert("RGBA")
    else:
        image = Image.open(source).convert("RGBA")
    if slide.step:  # five circles in a row, arrows between them (1280 px wide as drawn)
        left = round(46 + 246.5 * (slide.step - 1))
        image = image.crop((left, 20, left + 202, image.height - 20))
    image.thumbnail((WIDTH - 40, HEIGHT - 40), Image.Resampling.LANCZOS)
    frame = Image.new("RGB", (WIDTH, HEIGHT), "white")
    frame.paste(image, ((WIDTH - image.width) // 2, (HEIGHT - image.height) // 2), image)
    return frame


def speak(text: str, out: Path) -> bytes:
    """The sentence spoken by eSpeak NG: its mono 16-bit samples."""
    subprocess.run(["espeak-ng", "-v", VOICE, "-s", str(SPEED), "-w", str(out), text], check=True)
    with wave.open(str(out)) as sound:
        assert sound.getframerate() == RATE and sound.getsampwidth() == 2
        return sound.readframes(sound.getnframes())


def timestamp(seconds: float) -> str:
    minutes, rest = divmod(seconds, 60)
    return f"{int(minutes):02d}:{rest:06.3f}"


def main() -> int:
    ffmpeg = imageio_ffmpeg.get_ffmpeg_exe()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        samples = bytearray()
        cues: list[tuple[float, float, tuple[str, str, str]]] = []
        frames: list[tuple[Path, float]] = []
        silence = b"\0\0" * int(RATE * PAUSE)
        for number, slide in enumerate(SLIDES):
            start = len(samples) / 2 / RATE
            for index, sentence in enumerate(slide.sentences):
                spoken = speak(sentence[0], work / f"s{number}-{index}.wav")
                begin = len(samples) / 2 / RATE
                samples += spoken
                cues.append((begin, len(samples) / 2 / RATE, sentence))
                samples += silence
            still = work / f"slide{number}.png"
            picture(slide).save(still)
            frames.append((still, len(samples) / 2 / RATE - start))
        narration = work / "narration.wav"
        with wave.open(str(narration), "wb") as sound:
            sound.setnchannels(1)
            sound.setsampwidth(2)
            sound.setframerate(RATE)
            sound.writeframes(bytes(samples))
        listing = work / "slides.txt"
        lines = [f"file '{still}'\nduration {seconds:.3f}\n" for still, seconds in frames]
        listing.write_text("".join(lines) + f"file '{frames[-1][0]}'\n")  # concat: last twice
        film = MEDIA / f"{NAME}.mp4"
        subprocess.run(
            [
                *(ffmpeg, "-y", "-loglevel", "error", "-f", "concat", "-safe", "0"),
                *("-i", str(listing), "-i", str(narration)),
                *("-vf", "fps=10,format=yuv420p", "-c:v", "libx264", "-preset", "veryslow"),
                *("-tune", "stillimage", "-crf", "30", "-c:a", "aac", "-b:a", "48k"),
                *("-ac", "1", "-shortest", "-movflags", "+faststart"),
                *("-map_metadata", "-1", "-fflags", "+bitexact", str(film)),
            ],
            check=True,
        )
        picture(SLIDES[0]).save(MEDIA / f"{NAME}.poster.png", optimize=True)
    for column, language in enumerate(LANGUAGES):
        body = [
            f"{number}\n{timestamp(start)} --> {timestamp(end)}\n{sentence[column]}\n"
            for number, (start, end, sentence) in enumerate(cues, 1)
        ]
        (MEDIA / f"{NAME}.{language}.vtt").write_text(
            "WEBVTT\n\n" + "\n".join(body), encoding="utf-8"
        )
    print(
        f"{film}: {film.stat().st_size:,} bytes, {len(samples) / 2 / RATE:.1f} s, {len(cues)} cues"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

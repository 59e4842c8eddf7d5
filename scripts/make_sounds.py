"""Write the three check-in sounds (resources/sounds/*.wav) from a few sine tones.

    python scripts/make_sounds.py

The files are committed (a few kilobytes each); this script is how they were made, so they
can be made again or changed without any sound editor or outside recording. Each is 16-bit
mono at 22 050 Hz with a soft start and end (no click):

- counted.wav: two short rising notes (A5 then E6), bright and quick: "done".
- already.wav: the same middle note twice (E5, E5): "seen already", neither good nor bad.
- refused.wav: a low falling buzz (A3 to E3 with overtones), longer: "look at the screen".
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 22_050
FOLDER = Path(__file__).resolve().parents[1] / "resources" / "sounds"

# (start Hz, end Hz, seconds, overtones) for each note; a rest is a note of 0 Hz.
Note = tuple[float, float, float, int]
SOUNDS: dict[str, list[Note]] = {
    "counted": [(880.0, 880.0, 0.09, 1), (0, 0, 0.02, 0), (1318.5, 1318.5, 0.16, 1)],
    "already": [(659.3, 659.3, 0.12, 1), (0, 0, 0.08, 0), (659.3, 659.3, 0.12, 1)],
    "refused": [(220.0, 164.8, 0.45, 4)],
}
LOUDNESS = 0.6  # of full scale: the volume setting turns it down from there
FADE = 0.012  # seconds of fade in and out on every note


def note_samples(start: float, end: float, seconds: float, overtones: int) -> list[float]:
    count = int(RATE * seconds)
    samples = []
    phase = 0.0
    for n in range(count):
        t = n / count
        frequency = start + (end - start) * t
        phase += 2 * math.pi * frequency / RATE
        value = 0.0
        if frequency:
            # Odd overtones, each weaker: a buzz for the refusal, a plain tone otherwise.
            for k in range(overtones):
                harmonic = 2 * k + 1
                value += math.sin(phase * harmonic) / harmonic
            value /= sum(1 / (2 * k + 1) for k in range(overtones))
        fade = min(1.0, n / (FADE * RATE), (count - n) / (FADE * RATE))
        samples.append(value * fade * LOUDNESS)
    return samples


def write(name: str, notes: list[Note]) -> Path:
    samples = [s for note in notes for s in note_samples(*note)]
    path = FOLDER / f"{name}.wav"
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(b"".join(struct.pack("<h", round(s * 32767)) for s in samples))
    return path


if __name__ == "__main__":
    FOLDER.mkdir(parents=True, exist_ok=True)
    for sound, notes in SOUNDS.items():
        print(f"wrote {write(sound, notes)}")

"""Train the Rasa model only when what it is trained from has changed.

The fingerprint covers the Rasa config, domain, training data, the files generated from the
catalogue and the code of the custom NLU components; rasa's own fingerprint sees none of the
generated dictionary's content or the components' code.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "onetrip.tar.gz"
FINGERPRINT = ROOT / "models" / "onetrip.fingerprint"
TRAINING_RECORD = ROOT / "models" / "onetrip.training.json"  # read by `make eval`
TRAINING_DATA = ["data/nlu", "data/rules", "build/nlu"]
INPUTS = ["config.yml", "domain.yml", "components", "build/jieba", "bot/text.py", *TRAINING_DATA]


def fingerprint(inputs: Sequence[str] = INPUTS) -> str:
    """Of every file under `inputs` (paths from the project root), names and contents."""
    digest = hashlib.sha256()
    for entry in inputs:
        path = ROOT / entry
        for file in sorted(path.rglob("*")) if path.is_dir() else [path]:
            if file.is_file() and "__pycache__" not in file.parts:
                digest.update(str(file.relative_to(ROOT)).encode())
                digest.update(file.read_bytes())
    return digest.hexdigest()


def main() -> int:
    wanted = fingerprint()
    if MODEL.exists() and FINGERPRINT.exists() and FINGERPRINT.read_text() == wanted:
        print(f"model up to date: {MODEL.relative_to(ROOT)}")
        return 0
    print("training the model (about 3 minutes on 2 cores)…", flush=True)
    started = time.monotonic()
    command = [str(Path(sys.executable).parent / "rasa"), "train", "--fixed-model-name", "onetrip", "--out", "models"]
    command += ["--data", *TRAINING_DATA, "--config", "config.yml", "--domain", "domain.yml", "--force"]
    if subprocess.run(command, cwd=ROOT).returncode != 0 or not MODEL.exists():
        print("training failed: read the rasa output above.", file=sys.stderr)
        return 1
    FINGERPRINT.write_text(wanted)
    seconds, size_mb = time.monotonic() - started, MODEL.stat().st_size / 1e6
    TRAINING_RECORD.write_text(json.dumps({"seconds": round(seconds, 1), "model_mb": round(size_mb, 1)}))
    print(f"trained in {seconds:.0f} s; model {MODEL.relative_to(ROOT)} ({size_mb:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

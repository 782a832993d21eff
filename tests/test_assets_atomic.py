"""A save killed at any moment leaves the old register or the new one, never a broken file."""

from __future__ import annotations

import os
import random
import signal
import time
from pathlib import Path

import pytest

from wijkassets.assets import example_register_path, open_register, save_register
from wijkassets.assets.register import Register, remove_assets


def _writer(target: Path, full: Register, small: Register, ready: int) -> None:
    """Child process: save the two contents in turn, forever (until killed)."""
    try:
        save_register(small.copy(), target)  # there is a register before the first kill
        os.write(ready, b"r")
        while True:
            save_register(full.copy(), target)
            save_register(small.copy(), target)
    finally:
        os._exit(1)


@pytest.mark.slow
@pytest.mark.skipif(
    not hasattr(os, "fork"), reason="needs os.fork and SIGKILL (POSIX); CI runs it on Linux"
)
def test_register_survives_kill_during_save(tmp_path: Path) -> None:
    # The writer is a forked child process (no interpreter start-up per kill, so many kills stay quick).
    full = open_register(example_register_path())
    small = remove_assets(full, [i for i in full.asset_ids() if not i.startswith("duo-")])
    full_ids, small_ids = full.asset_ids(), small.asset_ids()
    target = tmp_path / "buurt.gpkg"
    rng = random.Random(20241002)
    seen = {"full": 0, "small": 0}
    leftovers = 0
    kills = 15
    for _ in range(kills):
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child
            os.close(r)
            _writer(target, full, small, w)
        os.close(w)
        assert os.read(r, 1) == b"r"
        os.close(r)
        time.sleep(rng.uniform(0.0, 0.8))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        reg = open_register(target)  # must open
        ids = reg.asset_ids()
        assert ids in (full_ids, small_ids), f"broken register: {len(ids)} assets"
        seen["full" if ids == full_ids else "small"] += 1
        stale = list(tmp_path.glob(".buurt.gpkg.*"))
        leftovers += bool(stale)
        for f in stale:  # what a killed save leaves behind is only ever a temporary file
            f.unlink()
    # the kills really landed during saves (temporary files left behind), and both contents were seen
    assert leftovers >= 3, (leftovers, seen)
    assert seen["full"] and seen["small"], seen

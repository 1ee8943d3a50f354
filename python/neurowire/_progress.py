"""Progress display for long calls (``progress=True``): one line on ``sys.stderr``, redrawn in
place with a carriage return, which terminals and Jupyter notebooks both show as a single
updating line. No third-party packages."""

import sys
import time


def _count(n):
    return f"{n:,}"


class TextBar:
    """A text progress bar: ``label [#####.....]  45%  4,500/10,000  1.2 s``.

    ``update(done, total)`` redraws at most every ``interval`` seconds; ``close(ok, done, total)``
    draws the final state and ends the line. With ``total == 0`` (work of unknown size) it shows the
    elapsed time only.
    """

    width = 30

    def __init__(self, label, stream=None, interval=0.1):
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.interval = interval
        self.start = time.perf_counter()
        self.last_draw = None
        self.done = 0
        self.total = 0

    def _line(self):
        elapsed = time.perf_counter() - self.start
        if self.total > 0:
            frac = min(1.0, self.done / self.total)
            filled = int(round(frac * self.width))
            bar = "#" * filled + "." * (self.width - filled)
            return (f"{self.label} [{bar}] {100 * frac:5.1f}%  "
                    f"{_count(self.done)}/{_count(self.total)}  {elapsed:.1f} s")
        return f"{self.label} ...  {elapsed:.1f} s"

    def update(self, done, total):
        self.done, self.total = done, total
        now = time.perf_counter()
        if self.last_draw is not None and now - self.last_draw < self.interval:
            return
        self.last_draw = now
        self.stream.write("\r" + self._line())
        self.stream.flush()

    def close(self, ok, done, total):
        self.done, self.total = done, total
        self.stream.write("\r" + self._line() + ("" if ok else "  (stopped)") + "\n")
        self.stream.flush()


class CallbackBar:
    """Forwards progress to a user callable ``f(done, total)``, the final state included."""

    def __init__(self, callback):
        self.callback = callback

    def update(self, done, total):
        self.callback(done, total)

    def close(self, ok, done, total):
        if ok:
            self.callback(done, total)

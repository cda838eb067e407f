"""Fake Tweede Kamer / KOOP / SRU services for kvtui's tests and benchmarks.

``FakeServices`` is a real threaded HTTP server on 127.0.0.1 (port 0) serving FICTIONAL
Kamervragen (``world.fictional_sets()``) or the team's reconstructed seed files, read in
place from ``../shared/fixtures/seed``. Import it as ``fakeservices`` (pytest puts
``tests/`` on ``sys.path``); ``pytest_fixtures`` holds ready-made fixtures.
"""

from .server import FakeServices, Fault
from .world import fictional_sets, generated_sets, mixed_sets

__all__ = ["FakeServices", "Fault", "fictional_sets", "generated_sets", "mixed_sets"]

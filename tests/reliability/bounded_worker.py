"""Import one huge set in a process of its own and report its time and peak memory.

Run by ``test_rel_bounded.py`` as ``python bounded_worker.py SHAPE N DIR``; prints one
JSON line. A process of its own because peak memory (``ru_maxrss``) only grows: each
size must start from a fresh interpreter. Every document is FICTIEF.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

ZAAK = "2097Z00001"


def write_document(shape: str, n: int, directory: Path) -> int:
    """Write a set of ``n`` items in the given shape, in blocks (so that writing it
    does not raise the peak memory the import is measured by); its size in bytes."""
    if shape == "html":
        doc_id = "ah-tk-20962097-1"
        name = f"{doc_id}.html"
        head = (
            '<!DOCTYPE html><html><head><meta charset="utf-8">'
            f'<meta name="DC.identifier" content="{doc_id}">'
            f'<meta name="OVERHEIDop.vraagnummer" content="{ZAAK}"></head>'
            '<body><div class="stuk"><!-- FICTIEF -->'
        )
        item = '<div class="vraag"></div><div class="antwoord"><p>1</p></div>'
        tail = "</div></body></html>"
    else:
        if shape == "labelled":  # an answer document: every question and answer is "1"
            doc_id = "ah-tk-20962097-1"
            item = "<vraag><nr>Vraag 1</nr></vraag><antwoord><nr>Antwoord 1</nr></antwoord>"
        else:  # "empty": the case, 8 bytes per question
            doc_id = f"kv-tk-{ZAAK}"
            item = "<vraag/>"
        name = f"{doc_id}.xml"
        head = (
            '<?xml version="1.0"?><!-- FICTIEF --><officiele-publicatie><metadata>'
            f'<meta name="DC.identifier" content="{doc_id}"/></metadata><kamervragen>'
            f"<kamervraagnummer>{ZAAK}</kamervraagnummer>"
        )
        tail = "</kamervragen></officiele-publicatie>"
    block = (item * 10_000).encode()
    with (directory / name).open("wb") as f:
        f.write(head.encode())
        for _ in range(n // 10_000):
            f.write(block)
        f.write((item * (n % 10_000)).encode())
        f.write(tail.encode())
        return f.tell()


def main() -> None:
    shape, n, tmp = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
    src = tmp / "in"
    src.mkdir(parents=True)
    size = write_document(shape, n, src)
    from kvtui.store.cache import Cache

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # CPU seconds of this process (the import parses in-process): what the import costs,
    # which a busy neighbour on the machine cannot inflate the way it does wall time.
    start = time.process_time()
    with Cache(tmp / "cache") as cache:
        report = cache.import_paths([src])
        seconds = time.process_time() - start
        kamervraag = cache.get(ZAAK)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "bytes": size,
                "seconds": seconds,
                "extra_kb": peak - before,
                "failed": [f for _, f in report.failed],
                "entries": len(kamervraag.questions) if kamervraag else None,
                "loose_text": kamervraag.loose_text if kamervraag else None,
            }
        )
    )


if __name__ == "__main__":
    main()

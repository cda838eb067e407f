"""What happens to a fictional set at the fake services between two fetches, for the
tests of refresh and ``kvtui new``: its answer arrives, or a postponement is announced.

The documents are FICTIEF voorbeeld voor kvtui. They belong to 2024Z10002 and 2024Z10003
of ``fakeservices.world.fictional_sets`` (the ids follow those sets' numbering).
"""

from __future__ import annotations

from fakeservices import world


def answer_arrives(s: world.Set) -> None:
    """The Kamer and KOOP publish the answer to 2024Z10002."""
    s.docs.append(
        world.Doc(
            "Antwoord schriftelijke vragen",
            "ah-tk-20232024-1202",
            "2024-02-20",
            "2024D00209",
            aanhangselnummer="232401202",
            answers=[("Antwoord 1", "Ja. (FICTIEF)"), ("Antwoord 2", "Morgen. (FICTIEF)")],
        )
    )


def postponement_arrives(s: world.Set) -> None:
    """The minister announces that 2024Z10003's answer comes later."""
    s.docs.append(
        world.Doc(
            "Mededeling (uitstel antwoord)",
            "ah-tk-20232024-1303",
            "2024-02-01",
            "2024D00309",
            aanhangselnummer="232401303",
            remark=f"De vragen kunnen niet binnen de termijn worden beantwoord. ({world.FICTIEF})",
        )
    )

"""What the web tests share: a database of realistic events, hostile text, and a real server on loopback.

``fill_store`` stores hand-made events (no extraction, so the API tests stay fast): strikes,
rallies and a hunger strike in several countries and languages, with dates precise and vague,
one event without coordinates and one whose every field holds markup that must show as text.
``ingest_reports`` runs the real pipeline on the bundled examples and the web fixtures, for
the browser tests. ``LiveServer`` runs the application under uvicorn in a thread.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import uvicorn

from strikewatch.model import Actor, Block, Demand, Document, Event, Place, Span
from strikewatch.sources import SourceProblem, read_inputs
from strikewatch.store import Store

ROOT = Path(__file__).resolve().parent.parent
WEB_FIXTURES = ROOT / "tests" / "fixtures" / "web"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"

SCRIPT = "<script>alert('xss-script')</script>"
IMAGE = "<img src=x onerror=alert('xss-img')>"
HOSTILE = f"{SCRIPT}{IMAGE}"


@dataclass(frozen=True)
class Report:
    """A hand-made report and the events it tells."""

    document: Document
    events: list[Event]


def _document(key: str, text: str, published: date, *, title: str, url: str | None,
              language: str = "en") -> Document:
    return Document(id=key, text=text, url=url, title=title, published=published,
                    blocks=[Block(0, len(text), language)])


def _spans(text: str, *sentences: str, language: str = "en") -> list[Span]:
    spans = []
    for sentence in sentences:
        start = text.index(sentence)
        spans.append(Span(start, start + len(sentence), language))
    return spans


def reports() -> list[Report]:
    """Hand-made reports with their events, in several languages and countries."""
    made: list[Report] = []

    text = ("Dockers stop work in Marseille\n\n"
            "On Monday, March 4, 2024, about 600 dockers of Portuaire Phocéenne stopped work at the port of "
            "Marseille, demanding a 12% pay rise.\n\n"
            "The strike was called by the Dockers Union of the port. Police arrested 3 people at the gates.")
    first, second = ("On Monday, March 4, 2024, about 600 dockers of Portuaire Phocéenne stopped work at the port of "
                     "Marseille, demanding a 12% pay rise."), "Police arrested 3 people at the gates."
    made.append(Report(
        _document("web-marseille-dockers", text, date(2024, 3, 5), title="Dockers stop work in Marseille",
                  url="https://news.example.org/marseille-dockers"),
        [Event(kind="strike", status="occurred", start_date="2024-03-04",
               location=Place(name="Marseille", admin1="Provence-Alpes-Côte d'Azur", country="FR", lat=43.2965,
                              lon=5.3698, precision="venue", geonameid=2995469, venue="port"),
               actor=Actor(group="workers", organizations=["Portuaire Phocéenne"], unions=["Dockers Union"],
                           sector="transport", size=600),
               demands=[Demand("wages", "pay rise", 12.0)], arrests=3, languages=["en"],
               evidence=_spans(text, first, second),
               summary="Portuaire Phocéenne dockers strike in Marseille for pay")],
    ))

    text = ("Insegnanti in piazza a Torino\n\n"
            "Sabato 16 marzo 2024 migliaia di insegnanti hanno manifestato a Torino per chiedere salari più alti.\n\n"
            "Il corteo è partito dalla stazione.")
    sentence = "Sabato 16 marzo 2024 migliaia di insegnanti hanno manifestato a Torino per chiedere salari più alti."
    made.append(Report(
        _document("web-torino-insegnanti", text, date(2024, 3, 17), title="Insegnanti in piazza a Torino",
                  url="https://notizie.example.org/torino-insegnanti", language="it"),
        [Event(kind="demonstration", status="occurred", start_date="2024-03-16",
               location=Place(name="Turin", admin1="Piedmont", country="IT", lat=45.0705, lon=7.6868,
                              geonameid=3165524),
               actor=Actor(group="workers", sector="education", size=2000),
               demands=[Demand("wages", "salari più alti")], languages=["it"],
               evidence=_spans(text, sentence, language="it"), summary="Teachers demonstrate in Turin for wages")],
    ))

    text = ("Забастовка водителей в Самаре\n\n"
            "11 марта 2024 года водители автобусного парка Волгатранс в Самаре объявили забастовку, "
            "требуя погасить задолженность по зарплате.")
    sentence = ("11 марта 2024 года водители автобусного парка Волгатранс в Самаре объявили забастовку, "
                "требуя погасить задолженность по зарплате.")
    made.append(Report(
        _document("web-samara-drivers", text, date(2024, 3, 12), title="Забастовка водителей в Самаре",
                  url="https://novosti.example.org/samara", language="ru"),
        [Event(kind="strike", status="ongoing", start_date="2024-03-11",
               location=Place(name="Samara", admin1="Samara Oblast", country="RU", lat=53.2001, lon=50.15,
                              geonameid=499099),
               actor=Actor(group="workers", organizations=["Волгатранс"], sector="transport"),
               demands=[Demand("wage_arrears", "задолженность по зарплате")], languages=["ru"],
               evidence=_spans(text, sentence, language="ru"), summary="Волгатранс drivers strike in Samara")],
    ))

    text = ("Miners threaten a strike\n\n"
            "Miners in the region said in April 2024 they were ready to strike over job cuts.")
    sentence = "Miners in the region said in April 2024 they were ready to strike over job cuts."
    made.append(Report(
        _document("web-miners-threat", text, date(2024, 4, 2), title="Miners threaten a strike", url=None),
        [Event(kind="strike", status="threatened", start_date="2024-04",
               location=Place(name="Silesia", admin1="Silesia", country="PL", precision="region"),
               actor=Actor(group="workers", sector="mining"), demands=[Demand("job_security", "job cuts")],
               languages=["en"], evidence=_spans(text, sentence), summary="Miners threaten a strike in Silesia")],
    ))

    text = (f"Workers {HOSTILE} protest\n\n"
            f"On March 20, 2024, workers of Acme {IMAGE} Ltd held a sit-in at the {SCRIPT} depot in Leeds, "
            f"demanding {HOSTILE} wages.\n\nNothing else is known.")
    sentence = (f"On March 20, 2024, workers of Acme {IMAGE} Ltd held a sit-in at the {SCRIPT} depot in Leeds, "
                f"demanding {HOSTILE} wages.")
    made.append(Report(
        _document("web-hostile", text, date(2024, 3, 21), title=f"Sit-in {HOSTILE}",
                  url="javascript:alert('xss-url')"),
        [Event(kind="occupation", status="occurred", start_date="2024-03-20",
               location=Place(name=f"Leeds {IMAGE}", admin1=f"England {SCRIPT}", country="GB", lat=53.7965,
                              lon=-1.5478, precision="venue", venue=f"{SCRIPT} depot"),
               actor=Actor(group="workers", organizations=[f"Acme {IMAGE} Ltd"], unions=[f"Union {SCRIPT}"],
                           sector="manufacturing"),
               demands=[Demand("wages", f"{HOSTILE} wages")], targets=[f"Board {IMAGE}"], languages=["en"],
               evidence=_spans(text, sentence), summary=f"Sit-in {HOSTILE} in Leeds")],
    ))
    return made


def fill_store(store: Store) -> dict[str, int]:
    """Store the hand-made reports; the id of each one's first event, by document key."""
    ids = {}
    for report in reports():
        result = store.add_document(report.document, report.events)
        ids[report.document.id] = result.event_ids[0]
    return ids


def ingest_reports(store: Store, pipeline: Any, paths: Iterable[Path]) -> int:
    """Extract and store the reports under ``paths`` with the real pipeline; the number of events stored."""
    stored = 0
    for item in read_inputs(paths):
        if isinstance(item, SourceProblem):
            raise AssertionError(f"a test report could not be read: {item}")
        stored += len(store.add_document(item, pipeline.extract(item)).event_ids)
    return stored


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class LiveServer:
    """The application served by uvicorn on 127.0.0.1 in a thread, for a real browser."""

    def __init__(self, app: Any) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", access_log=False)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="strikewatch-test-server", daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=20)

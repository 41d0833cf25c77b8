"""Write a varied synthetic news corpus (JSONL in the format of EVENTS.md) for the benchmarks.

    python bench/make_corpus.py N OUT.jsonl [--seed 7] [--event-share 0.35] [--story-share 0.15]

Each document is a short report in one of the supported languages, made of sentences
drawn from templates: event reports (strikes, rallies, hunger strikes, blockades,
threats, arrests) with generated organisation names, real places of the country the
language is spoken in, dates, numbers and demands, mixed with filler sentences (economy,
weather, sport, politics) and a majority of documents with no event at all, as in any
real archive. Some documents hold a report followed by its translation. A share of the
documents (``--story-share``) retell an action another outlet reported a day or two
before (same organisation, place and numbers, other words around it, the strike told as
begun or as going on), so that merging across documents has work to do. Deterministic
for a given seed (``.gz`` output is gzipped).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
from datetime import date, timedelta
from pathlib import Path

SYLLABLES = ["ka", "zan", "mir", "tel", "vor", "ost", "neft", "gaz", "trans", "lo", "ber", "sol", "ar", "ex",
             "pro", "tek", "nor", "dal", "vik", "rem"]

LANGUAGES: dict[str, dict] = {
    "en": {
        "places": ["Manchester", "Leeds", "Lagos", "Mumbai", "Chicago", "Toronto", "Sheffield", "Durban"],
        "forms": ["Ltd", "LLP", "Plc", "Inc"],
        "events": [
            "Workers of {org} went on strike in {place} on {weekday}, demanding a {pct}% pay rise.",
            "About {n} employees of {org} held a rally outside the company's offices in {place} on {weekday}.",
            "Nurses in {place} said they were ready to strike from {day} {month} unless unpaid wages were paid.",
            "Miners at {org} continued their strike for the {ordinal} day in {place}.",
            "Police arrested {small} protesters who blocked the main road into {place} on {weekday}.",
            "Four workers of {org} began a hunger strike in {place} to demand reinstatement.",
        ],
        "filler": [
            "The central bank kept its key interest rate unchanged on {weekday}.",
            "Heavy rain is expected across the region over the weekend, forecasters said.",
            "The local football club signed a new striker on a three-year contract.",
            "Shares in {org} rose {pct}% after quarterly profits beat expectations.",
            "The city council approved a new budget for road repairs.",
            "Officials said the new bridge would open to traffic next spring.",
        ],
        "weekdays": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
        "months": ["March", "April", "May", "June"],
        "ordinals": ["second", "third", "fourth", "fifth"],
    },
    "it": {
        "places": ["Milano", "Torino", "Napoli", "Bologna", "Genova", "Bari", "Palermo", "Firenze"],
        "forms": ["S.p.A.", "S.r.l."],
        "events": [
            "I lavoratori della {org} hanno scioperato a {place} {weekday}, chiedendo un aumento del {pct}%.",
            "Circa {n} dipendenti della {org} hanno manifestato davanti alla prefettura di {place}.",
            "I sindacati hanno proclamato uno sciopero a {place} dal {day} {month} contro i licenziamenti.",
            "Per il {ordinal} giorno continua lo sciopero degli operai della {org} a {place}.",
            "La polizia ha fermato {small} manifestanti che bloccavano la statale vicino a {place}.",
            "Quattro lavoratrici della {org} sono in sciopero della fame a {place}.",
        ],
        "filler": [
            "La Borsa di Milano ha chiuso in rialzo dello {pct}%.",
            "Il maltempo continuerà nel fine settimana secondo le previsioni.",
            "La squadra ha vinto la partita di campionato per due a uno.",
            "Il consiglio comunale ha approvato il bilancio.",
            "Il nuovo ponte sarà aperto al traffico in primavera.",
            "Il governo presenterà la legge di bilancio la prossima settimana.",
        ],
        "weekdays": ["lunedì", "martedì", "mercoledì", "giovedì", "venerdì"],
        "months": ["marzo", "aprile", "maggio", "giugno"],
        "ordinals": ["secondo", "terzo", "quarto", "quinto"],
    },
    "ru": {
        "places": ["Караганде", "Новосибирске", "Екатеринбурге", "Актобе", "Самаре", "Перми"],
        "forms": ["ТОО", "АО", "ООО"],
        "events": [
            "Рабочие {org} в {place} объявили забастовку в {weekday}, требуя повысить зарплату на {pct}%.",
            "Около {n} сотрудников {org} вышли на митинг у здания акимата в {place}.",
            "Медики в {place} заявили о готовности бастовать с {day} {month}, "
            "если не погасят задолженность по зарплате.",
            "Шахтёры {org} в {place} продолжают забастовку уже {ordinal} день.",
            "Полиция задержала {small} протестующих, перекрывших трассу у {place}.",
            "Четверо работников {org} объявили голодовку в {place}.",
        ],
        "filler": [
            "Национальный банк сохранил базовую ставку без изменений.",
            "Синоптики обещают сильные дожди в выходные.",
            "Футбольный клуб подписал контракт с новым нападающим.",
            "Городской совет утвердил бюджет на ремонт дорог.",
            "Новый мост откроют для движения весной.",
            "Цены на бензин выросли на {pct}% за месяц.",
        ],
        "weekdays": ["понедельник", "вторник", "среду", "четверг", "пятницу"],
        "months": ["марта", "апреля", "мая", "июня"],
        "ordinals": ["второй", "третий", "четвёртый", "пятый"],
    },
    "kk": {
        "places": ["Жаңаөзенде", "Ақтөбеде", "Атырауда", "Қарағандыда", "Шымкентте"],
        "forms": ["ЖШС", "АҚ"],
        "events": [
            "{place} {org} жұмысшылары жалақыны {pct} пайызға көтеруді талап етіп, ереуілге шықты.",
            "{place} {n} адам әкімдік алдында наразылық акциясына шықты.",
            "{place} дәрігерлер {day} {month} бастап ереуілге шығуға дайын екенін мәлімдеді.",
            "{org} кеншілерінің ереуілі {place} {ordinal} күнге созылды.",
            "Полиция {place} жолды жапқан {small} адамды ұстады.",
        ],
        "filler": [
            "Ұлттық банк базалық мөлшерлемені өзгеріссіз қалдырды.",
            "Синоптиктер демалыс күндері жаңбыр жауатынын хабарлады.",
            "Футбол клубы жаңа шабуылшымен келісімшартқа қол қойды.",
            "Қалалық мәслихат жол жөндеуге арналған бюджетті бекітті.",
        ],
        "weekdays": ["дүйсенбіде", "сейсенбіде", "сәрсенбіде"],
        "months": ["наурыздан", "сәуірден", "мамырдан"],
        "ordinals": ["екінші", "үшінші", "төртінші"],
    },
    "es": {
        "places": ["Madrid", "Sevilla", "Valencia", "Córdoba", "Rosario", "Monterrey", "Medellín", "Lima"],
        "forms": ["S.A.", "S.L."],
        "events": [
            "Los trabajadores de {org} iniciaron una huelga en {place} el {weekday} "
            "para exigir un aumento del {pct}%.",
            "Unos {n} empleados de {org} se manifestaron frente a la sede de la empresa en {place}.",
            "Los médicos de {place} amenazaron con ir a la huelga a partir del {day} de {month}.",
            "Los mineros de {org} cumplen su {ordinal} día de huelga en {place}.",
            "La policía detuvo a {small} manifestantes que bloqueaban la carretera cerca de {place}.",
            "Cuatro trabajadores de {org} iniciaron una huelga de hambre en {place}.",
        ],
        "filler": [
            "El banco central mantuvo sin cambios los tipos de interés.",
            "Se esperan fuertes lluvias durante el fin de semana.",
            "El club de fútbol fichó a un nuevo delantero.",
            "El ayuntamiento aprobó el presupuesto para obras viales.",
            "El nuevo puente se abrirá al tráfico en primavera.",
            "La bolsa subió un {pct}% tras los resultados trimestrales.",
        ],
        "weekdays": ["lunes", "martes", "miércoles", "jueves", "viernes"],
        "months": ["marzo", "abril", "mayo", "junio"],
        "ordinals": ["segundo", "tercer", "cuarto", "quinto"],
    },
    "fr": {
        "places": ["Lyon", "Marseille", "Toulouse", "Nantes", "Lille", "Bruxelles", "Liège", "Dakar"],
        "forms": ["SA", "SAS", "SARL"],
        "events": [
            "Les salariés de {org} se sont mis en grève {weekday} à {place} "
            "pour réclamer une hausse de {pct}% des salaires.",
            "Environ {n} employés de {org} ont manifesté devant la préfecture à {place}.",
            "Les infirmiers de {place} menacent de faire grève à partir du {day} {month}.",
            "Les mineurs de {org} poursuivent leur grève pour le {ordinal} jour à {place}.",
            "La police a interpellé {small} manifestants qui bloquaient la route près de {place}.",
            "Quatre salariés de {org} ont entamé une grève de la faim à {place}.",
        ],
        "filler": [
            "La banque centrale a maintenu son taux directeur inchangé.",
            "De fortes pluies sont attendues ce week-end.",
            "Le club de football a recruté un nouvel attaquant.",
            "Le conseil municipal a adopté le budget de voirie.",
            "Le nouveau pont sera ouvert à la circulation au printemps.",
            "La Bourse a progressé de {pct}% après les résultats.",
        ],
        "weekdays": ["lundi", "mardi", "mercredi", "jeudi", "vendredi"],
        "months": ["mars", "avril", "mai", "juin"],
        "ordinals": ["deuxième", "troisième", "quatrième", "cinquième"],
    },
    "de": {
        "places": ["Hamburg", "Köln", "Leipzig", "Dortmund", "Wien", "Zürich", "Bremen", "Stuttgart"],
        "forms": ["GmbH", "AG"],
        "events": [
            "Die Beschäftigten der {org} sind am {weekday} in {place} in den Streik getreten "
            "und fordern {pct} Prozent mehr Lohn.",
            "Rund {n} Mitarbeiter der {org} protestierten vor dem Rathaus in {place}.",
            "Die Pflegekräfte in {place} drohen ab dem {day}. {month} mit einem Streik.",
            "Der Streik bei der {org} in {place} dauert bereits den {ordinal} Tag an.",
            "Die Polizei nahm {small} Demonstranten fest, die eine Straße bei {place} blockiert hatten.",
            "Vier Beschäftigte der {org} sind in {place} in den Hungerstreik getreten.",
        ],
        "filler": [
            "Die Zentralbank ließ den Leitzins unverändert.",
            "Für das Wochenende wird starker Regen erwartet.",
            "Der Fußballverein verpflichtete einen neuen Stürmer.",
            "Der Stadtrat beschloss den Haushalt für Straßenreparaturen.",
            "Die neue Brücke soll im Frühjahr für den Verkehr freigegeben werden.",
            "Die Aktie stieg nach den Quartalszahlen um {pct} Prozent.",
        ],
        "weekdays": ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag"],
        "months": ["März", "April", "Mai", "Juni"],
        "ordinals": ["zweiten", "dritten", "vierten", "fünften"],
    },
    "pt": {
        "places": ["Lisboa", "Porto", "São Paulo", "Recife", "Belo Horizonte", "Maputo", "Luanda", "Braga"],
        "forms": ["S.A.", "Lda.", "Ltda."],
        "events": [
            "Os trabalhadores da {org} entraram em greve em {place} na {weekday}, exigindo um aumento de {pct}%.",
            "Cerca de {n} funcionários da {org} protestaram em frente à prefeitura de {place}.",
            "Os enfermeiros de {place} ameaçam fazer greve a partir de {day} de {month}.",
            "Os mineiros da {org} cumprem o {ordinal} dia de greve em {place}.",
            "A polícia deteve {small} manifestantes que bloqueavam a estrada perto de {place}.",
            "Quatro trabalhadores da {org} iniciaram uma greve de fome em {place}.",
        ],
        "filler": [
            "O banco central manteve a taxa de juro inalterada.",
            "São esperadas chuvas fortes no fim de semana.",
            "O clube de futebol contratou um novo avançado.",
            "A câmara municipal aprovou o orçamento para obras.",
            "A nova ponte abrirá ao trânsito na primavera.",
            "A bolsa subiu {pct}% após os resultados.",
        ],
        "weekdays": ["segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira"],
        "months": ["março", "abril", "maio", "junho"],
        "ordinals": ["segundo", "terceiro", "quarto", "quinto"],
    },
}


def _org(rng: random.Random, forms: list[str], language: str) -> str:
    name = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
    form = rng.choice(forms)
    if language in ("ru", "kk"):
        return f"{form} «{name}»"
    return f"{name} {form}"


def _slots(rng: random.Random, spec: dict, language: str) -> dict:
    return {
        "org": _org(rng, spec["forms"], language), "place": rng.choice(spec["places"]),
        "weekday": rng.choice(spec["weekdays"]), "month": rng.choice(spec["months"]),
        "ordinal": rng.choice(spec["ordinals"]), "day": rng.randint(1, 28), "pct": rng.choice([5, 10, 15, 20, 30, 50]),
        "n": rng.choice([50, 120, 300, 1500]), "small": rng.choice([3, 7, 12, 25]),
    }


def _fill(template: str, rng: random.Random, spec: dict, language: str) -> str:
    return template.format(**_slots(rng, spec, language))


# Templates that name an organisation, by their place in every language's list: a story retells one of
# them with the same values; the strike begun (0) and the strike going on (3) tell one action.
STORY_TEMPLATES = {0: (0, 3), 1: (1,), 3: (0, 3), 5: (5,)}


class Stories:
    """Actions told by several outlets: each new one is retold one to three times over the next days."""

    def __init__(self) -> None:
        self.open: list[dict] = []

    def next(self, rng: random.Random) -> dict:
        """A story to tell: a fresh one, or one told before that is retold now (its telling counted)."""
        if self.open and rng.random() < 0.6:
            story = rng.choice(self.open)
            story["left"] -= 1
            if story["left"] <= 0:
                self.open.remove(story)
            return {**story, "published": story["published"] + timedelta(days=rng.randint(0, 2)),
                    "template": rng.choice(STORY_TEMPLATES[story["template"]])}
        language = rng.choice(list(LANGUAGES))
        spec = LANGUAGES[language]
        template = rng.choice([t for t in STORY_TEMPLATES if t < len(spec["events"])])
        story = {"language": language, "template": template, "slots": _slots(rng, spec, language),
                 "published": date(2023, 1, 1) + timedelta(days=rng.randrange(700)), "left": rng.randint(1, 3)}
        self.open.append(story)
        return dict(story)


def make_document(index: int, rng: random.Random, event_share: float, story: dict | None = None) -> dict:
    """One synthetic report (retelling ``story`` when given)."""
    language = story["language"] if story else rng.choice(list(LANGUAGES))
    spec = LANGUAGES[language]
    sentences = [_fill(rng.choice(spec["filler"]), rng, spec, language) for _ in range(rng.randint(2, 6))]
    if story:
        told = spec["events"][story["template"]].format(**story["slots"])
        sentences.insert(rng.randrange(len(sentences) + 1), told)
    elif rng.random() < event_share:
        for _ in range(rng.randint(1, 3)):
            sentences.insert(rng.randrange(len(sentences) + 1), _fill(rng.choice(spec["events"]), rng, spec, language))
    paragraphs = [" ".join(sentences[i : i + 2]) for i in range(0, len(sentences), 2)]
    text = "\n\n".join(paragraphs)
    if not story and rng.random() < 0.05:
        other = rng.choice([code for code in LANGUAGES if code != language])
        extra = [_fill(t, rng, LANGUAGES[other], other) for t in rng.sample(LANGUAGES[other]["events"], 2)]
        text += "\n\n" + " ".join(extra)
    published = story["published"] if story else date(2023, 1, 1) + timedelta(days=rng.randrange(700))
    return {"id": f"bench-{index:07d}", "text": text, "url": f"https://news.example.org/{language}/{index}",
            "title": None, "published": published.isoformat() if story or rng.random() > 0.1 else None,
            "language": None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--event-share", type=float, default=0.35)
    parser.add_argument("--story-share", type=float, default=0.15)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    stories = Stories()
    opener = gzip.open if args.out.name.endswith(".gz") else open
    with opener(args.out, "wt", encoding="utf-8") as fh:
        for i in range(args.count):
            story = stories.next(rng) if rng.random() < args.story_share else None
            fh.write(json.dumps(make_document(i, rng, args.event_share, story), ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()

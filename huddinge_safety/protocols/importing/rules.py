"""The small named patterns the protocol parser is made of.

Each rule describes one thing Swedish protocols write in several ways; the parser
(parser.py) only combines them. A new municipality's way of writing a heading or a
vote is a new alternative here, not a new parser."""

import datetime
import re

# --- Page furniture -------------------------------------------------------------------

PAGE_FURNITURE = [
    # "38 (100)", "Sida 3 av 10", "3/10", "- 4 -"
    re.compile(r"^(?:Sida\s+)?\d{1,4}\s*(?:\(\s*\d{1,4}\s*\)|av\s+\d{1,4}|/\s*\d{1,4})$", re.I),
    re.compile(r"^-\s*\d{1,4}\s*-$"),
    # "Protokoll nr 2", "Sammanträdesprotokoll", "Sammanträdesdatum: 2024-01-24"
    re.compile(r"^(?:Sammanträdes)?protokoll(?:\s+nr\s+\d+)?$", re.I),
    re.compile(r"^Sammanträdesdatum:?\s*\d{4}-\d{2}-\d{2}$", re.I),
    re.compile(r"^(?:Justerandes\s+(?:sign|signatur)|Utdragsbestyrkande)\b.*$", re.I),
]
# How many non-blank lines around a page number or page break a running header may stand.
HEADER_REACH = 3
HEADER_MAX_LENGTH = 60
# Two columns of a laid-out page: three or more spaces between words.
COLUMN_GAP = re.compile(r"\s{3,}")

PROTOCOL_NUMBER = re.compile(r"^Protokoll\s+nr\s+(?P<number>\d+)$", re.I)
MEETING_DATE_LINE = re.compile(r"^Sammanträdesdatum:?\s*(?P<date>\d{4}-\d{2}-\d{2})$", re.I)

# --- Paragraph headings -----------------------------------------------------------------

REGISTRY_KEYWORD = r"(?:Ärendenummer|Diarienummer|Dnr\.?|Dnr:|Ärende\s*nr\.?)"
REGISTRY_CODE = r"[A-ZÅÄÖ][A-ZÅÄÖa-zåäö]{0,9}[ -]?\d[\w/.:-]*|\d{2,4}[./-]\d[\w/.:-]*"
REGISTRY = re.compile(rf"{REGISTRY_KEYWORD}\s*:?\s*(?P<number>{REGISTRY_CODE})", re.I)

# "§ 43 Ärendenummer SLK-2024-00074", "§ 63/20", "KS § 12 Dnr KS-2017/64", "§ 8 Budget"
PARAGRAPH_HEADING = re.compile(
    r"^(?P<prefix>[A-ZÅÄÖ][A-Za-zÅÄÖåäö]{0,5}\s+)?§\s*(?P<number>\d{1,4}(?:\s*/\s*\d{2,4})?)"
    r"(?:\s*[:.–-])?(?:\s+(?P<rest>.*))?$"
)
# "Kf 74", "KS 12 Dnr KS-2017/64": a body's short name and a number, alone or with a
# registry number (never a title, which "KF Handling 2024 nr 8" would look like).
ABBREVIATED_HEADING = re.compile(
    rf"^(?P<prefix>[A-ZÅÄÖ][A-Za-zÅÄÖåäö]{{1,3}})\s+(?P<number>\d{{1,4}})"
    rf"(?:\s+(?P<rest>{REGISTRY_KEYWORD}.*|{REGISTRY_CODE}))?$"
)
# "Ärende 11", "Ärende 11: Uppföljning av …"
ITEM_HEADING = re.compile(
    r"^(?P<label>Ärende|Punkt)\s+(?P<number>\d{1,4})(?:\s*[:.–-]\s*(?P<rest>.*))?$"
)
# What follows a "§ 12" that only continues a reference wrapped onto a new line:
# "§ 12 och den 3 maj 2023, § 40.", "§ 914, den 10 januari 2024".
REFERENCE_CONTINUATION = re.compile(
    r"^(?:[,.;:)]|och\b|samt\b|respektive\b|resp\.|den\b|punkt\b|p\.\s*\d|i\b|till\b|"
    r"om\b|enligt\b|från\b|med\b|–\s*§|-\s*§)"
)
# A line ending mid-sentence, so that a following "§ 12" belongs to it.
OPEN_SENTENCE_END = re.compile(r"(?:,|\b(?:den|och|samt|i|enligt|beslut|till|av|från|se))$")

# --- Sections of an item ----------------------------------------------------------------

SECTION_HEADINGS = [
    (
        "proposal",
        r"Förslag till beslut(?: på sammanträdet)?|Förvaltningens förslag(?: till beslut)?",
    ),
    # "Beslut", "BESLUT", "Kommunstyrelsens beslut", "Barn- och utbildningsnämndens beslut";
    # the body's name in the genitive must start the line, so that a wrapped line
    # ending in "… kommunfullmäktiges beslut" is no heading.
    (
        "decision",
        r"(?i:Beslut|Beslutet|Beslut i korthet)"
        r"|(?:[A-ZÅÄÖ][\wåäö]*-\s+och\s+[\wåäö]+|[A-ZÅÄÖ][\wåäö]*)s beslut"
        r"|(?:[A-ZÅÄÖ]+-\s+OCH\s+)?[A-ZÅÄÖ]+S BESLUT",
    ),
    (
        "summary",
        r"Sammanfattning(?: av ärendet)?|Ärendet|Ärendebeskrivning|Bakgrund|Beskrivning av ärendet",
    ),
    ("previous", r"Tidigare behandling"),
    ("documents", r"Handlingar|Handling|Beslutsunderlag|Underlag|Handlingar i ärendet"),
    ("motions", r"Yrkanden|Yrkande"),
    ("proposition_order", r"Propositionsordning|Beslutsgång|Proposition"),
    ("vote", r"Omröstning|Votering|Omröstningsresultat|Voteringsresultat"),
    ("deliberation", r"Överläggning|Yttranden|Debatt"),
    ("notes", r"Protokollsanteckningar|Protokollsanteckning|Särskilda yttranden|Särskilt yttrande"),
    ("reservations", r"Reservationer|Reservation"),
    ("conflict", r"Jäv"),
    ("information", r"Information|Informationen"),
    (
        "extract_to",
        r"Protokollsutdrag(?: skickas)? till|Beslutet skickas till|Skickas till|Expedieras till|"
        r"Expediering|Beslutet expedieras till|Protokollsutdrag",
    ),
]
_SECTION_PATTERNS = [
    (name, re.compile(rf"^(?:{pattern})\s*:?$", re.I if name != "decision" else 0))
    for name, pattern in SECTION_HEADINGS
]


def section_heading(line):
    """The section a heading line opens ("decision", "documents", …), or None."""
    if len(line) > 90:
        return None
    for name, pattern in _SECTION_PATTERNS:
        if pattern.match(line):
            return name
    return None


def is_section_heading(line):
    return section_heading(line) is not None


# --- People and parties -----------------------------------------------------------------

NAME_WORD = r"[A-ZÅÄÖÉÜ][\wåäöéüÅÄÖÉÜ'\u2019]*(?:-[A-ZÅÄÖÉÜ]?[\wåäöéü'\u2019]+)?"
NAME_PARTICLE = r"(?:af|von|van|de|del|da|af)"
NAME = rf"{NAME_WORD}(?:\s+(?:{NAME_PARTICLE}\s+)?{NAME_WORD}){{1,3}}"
PARTY = r"[A-Za-zÅÄÖåäö]{1,5}"
# "Axel Josefson (M)", "Frida Andersson, (MP)", "Anna Andersson (s)"
PERSON_WITH_PARTY = re.compile(rf"(?P<name>{NAME})\s*,?\s*\((?P<party>{PARTY})\)")
# Words before a name that say what the person is, not who.
ROLE_WORDS = {
    "ordföranden": "chair",
    "ordförande": "chair",
    "tjänstgörande": "serving_substitute",
    "ersättaren": "substitute",
    "ledamoten": "member",
    "vice": "",
    "förste": "",
    "andre": "",
    "representanterna": "",
    "även": "",
    "vidare": "",
    "dessutom": "",
    "härefter": "",
    "och": "",
}
# "Representanterna från S, V och MP", "Ledamöterna från SD", "ledamöterna för (s)"
PARTY_GROUP = re.compile(
    r"\b(?:Representanterna|Ledamöterna|Ledamoten|Ersättarna|Gruppen|Företrädarna|Partierna)"
    rf"\s+(?:från|för|i)\s+(?P<parties>\(?{PARTY}\)?(?:\s*(?:,|och|samt)\s*\(?{PARTY}\)?)*)",
    re.I,
)
PARTY_LIST_SPLIT = re.compile(r"\s*(?:,|\boch\b|\bsamt\b)\s*")
# "Frida Ryberg, säkerhetschef" in a list of speakers
PERSON_WITH_TITLE = re.compile(
    rf"(?P<name>{NAME})\s*,\s*(?P<title>[a-zåäö][\wåäö -]*?)(?=\s*(?:,|\boch\b|\.|$))"
)
SPEAKERS_INTRO = re.compile(r"(?:yttrar sig|deltar i debatten|deltar i överläggningen)\s*:?", re.I)

# --- Motions, votes and notes -----------------------------------------------------------

MOTION_VERB = re.compile(r"\b(?:yrkar|yrkade|föreslår|anmäler att)\b")
PROPOSED_BY = re.compile(
    rf"^På förslag av (?:ordföranden\s+)?(?P<name>{NAME})\s*\((?P<party>{PARTY})\)\s*:?"
)
ACCORDING_TO = re.compile(r"^Enligt (?P<source>[^:]{3,120}?förslag)\s*:")
TABLED = re.compile(r"\b(?:bordläggs|bordlägges|bordlades|bordlägga)\b", re.I)
# "(Ärendet bordläggs) till sammanträdet den 7 februari 2024"
TABLED_UNTIL = re.compile(
    r"bordl\w+ till (?:sammanträdet|mötet|nästa sammanträde)?\s*(?:den\s+)?"
    r"(?P<date>\d{1,2} \w+ \d{4}|\d{4}-\d{2}-\d{2})",
    re.I,
)

PROPOSITION = re.compile(
    r"(?:Godkänd\s+)?(?:voterings)?proposition(?:sordning)?\s*(?:som godkänns)?\s*:?\s*"
    r"[\"”“](?P<text>[^\"”“]+)[\"”“]",
    re.I,
)
NUMBER_WORDS = {
    "noll": 0, "en": 1, "ett": 1, "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7,
    "åtta": 8, "nio": 9, "tio": 10, "elva": 11, "tolv": 12, "tretton": 13, "fjorton": 14,
    "femton": 15, "sexton": 16, "sjutton": 17, "arton": 18, "nitton": 19, "tjugo": 20,
}  # fmt: skip
COUNT = r"(?P<count>\d{1,3}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
# "… röstar Ja (7)."; "… röstar nej (5)"; "… avstår från att rösta (1)."
BALLOT = re.compile(
    r"(?P<names>[^.]*?)\s+(?:röstar|röstade)\s+(?P<vote>ja|nej)\s*(?:\((?P<count>\d{1,3})\))?"
    r"|(?P<abstainers>[^.]*?)\s+(?:avstår|avstod)\s+från att rösta"
    r"\s*(?:\((?P<abstained>\d{1,3})\))?",
    re.I,
)
# "Omröstningen utfaller med 41 Ja mot 36 Nej", "med 7 ja-röster mot 6 nej-röster"
YES_NO_COUNTS = re.compile(
    rf"{COUNT.replace('count', 'yes')}\s+(?:ja|ja-röster|jaröster|röster för)\s+"
    rf"(?:mot|och)\s+{COUNT.replace('count', 'no')}\s+(?:nej|nej-röster|nejröster|röster emot)",
    re.I,
)
# "Fyra ledamöter avstår från att rösta", "1 avstår", "2 nedlagda röster"
ABSTAIN_COUNT = re.compile(
    rf"\b{COUNT.replace('count', 'abstain')}\s+(?:ledamöter\s+|ledamot\s+|ersättare\s+)?"
    r"(?:avstår|avstod|nedlagda röster|avstående|lägger ned sina röster)",
    re.I,
)
ABSENT_COUNT = re.compile(
    rf"\b{COUNT.replace('count', 'absent')}\s+(?:ledamöter\s+|ledamot\s+)?(?:är\s+)?frånvarande",
    re.I,
)
NOTE_VERB = re.compile(
    r"\b(?:antecknar|anmäler protokollsanteckning|reserverar sig|reserverade sig|"
    r"deltar inte|deltog inte|lämnar (?:ett )?särskilt yttrande|anmäler särskilt yttrande|"
    r"vill få antecknat|vill ha antecknat)\b",
    re.I,
)
RESERVATION_VERB = re.compile(r"\breserver(?:ar|ade) sig\b", re.I)
NOT_PARTICIPATING = re.compile(r"\b(?:deltar|deltog) inte i beslutet\b", re.I)
RESERVATION_FOR_OWN = re.compile(r"till förmån för (?:det egna|eget|sitt|sina|deras)", re.I)
ATTACHMENT = re.compile(r"\b(?P<label>[Bb]ilaga\s+\d+(?:\.\d+)*[a-z]?|[Bb]ilagan)\b")

# --- Decisions ----------------------------------------------------------------------------

LIST_ITEM = re.compile(r"^(?:\d{1,2}[.)]|[a-z][.)]|[-–•])\s+")
# "bilaga 1 till kommunstyrelsens tjänsteutlåtande daterat den 6 februari 2020"
DOCUMENT_REFERENCE = re.compile(
    r"\b(?P<label>bilaga\s+\d+(?:\.\d+)*|bilagan)\s+till\s+"
    r"(?P<document>[\wåäöÅÄÖ-]+s\s+(?:tjänsteutlåtande|tjänsteskrivelse|skrivelse|yttrande))"
    r"(?:,?\s+(?:daterat|daterad|den|daterat den|daterad den)\s+(?:den\s+)?"
    r"(?P<date>\d{1,2} \w+ \d{4}|\d{4}-\d{2}-\d{2}))?",
    re.I,
)

# --- Dates and times ----------------------------------------------------------------------

MONTHS = {
    "januari": 1, "februari": 2, "mars": 3, "april": 4, "maj": 5, "juni": 6, "juli": 7,
    "augusti": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}  # fmt: skip
SWEDISH_DATE = re.compile(r"(?P<day>\d{1,2})\s+(?P<month>[a-zåäö]+)\s+(?P<year>\d{4})", re.I)
ISO_DATE = re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})")
TIME_RANGE = re.compile(
    r"(?:kl\.?\s*)?(?P<start>\d{1,2}[.:]\d{2})\s*(?:[-–]|till)\s*(?P<end>\d{1,2}[.:]\d{2})"
)
DATE_ONLY = re.compile(r"^(?:den\s+)?(?:\d{4}-\d{2}-\d{2}|\d{1,2} [a-zåäö]+ \d{4})$", re.I)
SINGLE_TIME = re.compile(r"(?:kl\.?|klockan)\s*(?P<time>\d{1,2}[.:]\d{2})", re.I)


def parse_date(text):
    """The first date in ``text`` ("7 februari 2024" or "2024-02-07") as ISO, or ""."""
    match = ISO_DATE.search(text)
    if match:
        try:
            return datetime.date(*(int(match[key]) for key in ("year", "month", "day"))).isoformat()
        except ValueError:
            return ""
    match = SWEDISH_DATE.search(text)
    if match and match["month"].lower() in MONTHS:
        try:
            return datetime.date(
                int(match["year"]), MONTHS[match["month"].lower()], int(match["day"])
            ).isoformat()
        except ValueError:
            return ""
    return ""


def parse_time(text):
    return text.replace(".", ":").zfill(5)


def parse_count(word):
    return int(word) if word.isdigit() else NUMBER_WORDS[word.lower()]


# --- The first page -------------------------------------------------------------------------

# Labels of the first page (plats och tid, beslutande, …) and the key each fills.
HEADER_LABELS = [
    ("place_and_time", r"Plats och tid|Tid och plats|Plats|Sammanträdesplats"),
    ("time", r"Tid|Sammanträdestid"),
    ("members", r"Beslutande(?: ledamöter)?|Närvarande ledamöter|Ledamöter"),
    ("serving_substitutes", r"Tjänstgörande ersättare"),
    ("substitutes", r"Ersättare|Närvarande ersättare|Ej tjänstgörande ersättare"),
    ("others", r"Övriga närvarande|Övriga deltagande|Övriga|Tjänstemän|Närvarande tjänstemän"),
    ("conflicts", r"Jäv|Anmälda jäv"),
    ("adjusters", r"Utses att justera|Justerare|Justerande|Justeras av"),
    (
        "adjustment",
        r"Justeringens plats och tid|Justeringens tid och plats|Justeringens tid|Justering",
    ),
    ("paragraphs", r"Paragrafer|Protokollet omfattar"),
    ("secretary", r"Sekreterare"),
    ("chair", r"Ordförande"),
    ("body", r"Organ|Instans"),
    ("meeting_date", r"Sammanträdesdatum|Datum för sammanträdet|Sammanträdesdag"),
    (
        "notice_posted",
        r"Datum då anslaget sätts upp|Anslaget sätts upp|Datum för anslags uppsättande"
        r"|Anslaget uppsatt",
    ),
    (
        "notice_removed",
        r"Datum då anslaget tas ned|Anslaget tas ned|Datum för anslags nedtagande"
        r"|Anslaget nedtaget",
    ),
    ("kept_at", r"Förvaringsplats för protokollet|Protokollet förvaras|Förvaringsplats"),
    ("signatures", r"Underskrifter|Underskrift"),
    ("notice", r"ANSLAG/BEVIS|ANSLAG\s*/\s*BEVIS|Anslag/bevis|BEVIS"),
]  # fmt: skip
# Labels that open a part of the first page rather than take a value of their own.
HEADER_SECTION_LABELS = {"signatures", "notice"}
_HEADER_PATTERNS = [
    (key, re.compile(rf"^(?:{pattern})\b\s*:?\s*(?P<value>.*)$")) for key, pattern in HEADER_LABELS
]


def header_label(line):
    """(key, value on the same line) when ``line`` starts with a first-page label."""
    for key, pattern in _HEADER_PATTERNS:
        match = pattern.match(line)
        if match:
            return key, match["value"].strip(" .")
    return None


# "… tjänstgörande ersättare för Dag Dahl (c)", "ersättare för Dag Dahl"
SUBSTITUTE_FOR = re.compile(
    rf"^(?:,\s*)?(?:tjänstgörande\s+)?ersättare\s+för\s+(?P<name>{NAME})", re.I
)
# "§§ 63-65", "§ 66", "§§ 43–52, 54"
PARAGRAPH_RANGE = re.compile(
    r"(?:§§?|\b[A-ZÅÄÖ][A-Za-zåäö]{1,3}\b)\s*\d[\d/ ,–-]*(?:\s*och\s*\d+)?"
)
SIGNATURE_DOTS = re.compile(r"\.{3,}|_{3,}")

# A body's name as a running header or first page gives it: "Kommunstyrelsen",
# "Trygghets- och delaktighetsberedningen", "Barn- och utbildningsnämnden".
BODY_NAME = re.compile(
    r"^[A-ZÅÄÖ][\wåäö -]*(?:styrelse|styrelsen|nämnd|nämnden|fullmäktige|beredning|beredningen|"
    r"utskott|utskottet|råd|rådet|kommittén|kommitté)$"
)

"""An invented example program for the demo (``manage.py load_example_program``).

The seeds name no goals, so without it the demo shows five empty areas. This
program fills the same five areas with plausible goals, four years of
follow-ups written as officials write them, indicators with a baseline, a
target and values for the municipality, the county and the country, and the
meetings that decided each follow-up. Every name, figure and text here is
made up: the program is marked ``is_example`` and every page of it says so.
The people and parties are fictional too, so that nothing invented is
attributed to a real politician or party."""

ON_TRACK = "on_track"
PARTLY = "partly_on_track"
NOT_ON_TRACK = "not_on_track"
FULFILLED = "fulfilled"
NOT_STARTED = "not_started"

TITLE = "Exempelprogram för trygghet och säkerhet 2018–2021"
BODY = "Trygghetsberedningen (exempel)"

PROGRAM = {
    "title": TITLE,
    "start_year": 2018,
    "end_year": 2021,
    "overall_goal": (
        "Kommunen ska vara en trygg och säker plats att bo, vistas och verka i, där få "
        "oönskade händelser sker och där kommunen är väl förberedd när något ändå händer."
    ),
    "description": (
        "Programmet är ett påhittat exempel som visar hur ett program för trygghet och "
        "säkerhet följs upp år för år. Det har fem ansvarsområden med var sitt övergripande "
        "delmål och två underliggande mål i varje område. Målen följs upp en gång per år och "
        "uppföljningen beslutas av Trygghetsberedningen."
    ),
}

PARTIES = [
    ("EXB", "Exempelpartiet Blå"),
    ("EXG", "Exempelpartiet Grön"),
    ("EXR", "Exempelpartiet Röd"),
]

# name, party abbreviation or None, title
PEOPLE = [
    ("Eva Exempelsson", "EXB", ""),
    ("Johan Provberg", "EXG", ""),
    ("Leila Exempeldotter", "EXR", ""),
    ("Anders Påhittsson", "EXB", ""),
    ("Maria Testström", None, "säkerhetschef"),
]

# Each area: heading, overall sub-goal and two goals. Each goal: text, then
# its status and narrative for 2018, 2019, 2020 and 2021.
AREAS = [
    {
        "title": "Trygghetsskapande och brottsförebyggande arbete",
        "sub_goal": "Fler invånare ska känna sig trygga i sitt bostadsområde och i centrum.",
        "goals": [
            {
                "text": (
                    "Andelen invånare som känner sig trygga när de går ut ensamma sent på "
                    "kvällen i sitt bostadsområde ska öka."
                ),
                "assessments": [
                    (
                        PARTLY,
                        "Under året har kommunen tillsammans med polisen genomfört "
                        "trygghetsvandringar i fyra bostadsområden. Belysningen har förbättrats "
                        "längs två gång- och cykelvägar som boende pekat ut som otrygga. "
                        "Trygghetsmätningen visar ännu ingen tydlig förändring.",
                    ),
                    (
                        PARTLY,
                        "Arbetet med trygghetsvandringar har fortsatt och omfattar nu sju "
                        "områden. Ett medborgarlöfte har tecknats med lokalpolisområdet med "
                        "fokus på centrum och pendeltågsstationen. Andelen som känner sig "
                        "trygga har ökat något men ligger fortfarande under målet.",
                    ),
                    (
                        ON_TRACK,
                        "Trots pandemin har det förebyggande arbetet kunnat fortsätta, till "
                        "stor del utomhus. Fältassistenter har varit ute kvällar och helger "
                        "och nattvandrare från föreningslivet har kompletterat. "
                        "Trygghetsmätningen visar den högsta andelen trygga sedan mätningarna "
                        "började.",
                    ),
                    (
                        ON_TRACK,
                        "Andelen som känner sig trygga har fortsatt att öka och ligger nära "
                        "målvärdet. Skillnaden mellan bostadsområdena är dock fortfarande "
                        "stor, och kvinnor känner sig otryggare än män. Arbetet inför nästa "
                        "program bör därför inriktas på de områden där otryggheten är störst.",
                    ),
                ],
            },
            {
                "text": "Antalet anmälda våldsbrott per 100 000 invånare ska minska.",
                "assessments": [
                    (
                        NOT_STARTED,
                        "En gemensam lägesbild med polisen tas fram under hösten. Åtgärder "
                        "utifrån lägesbilden planeras till nästa år.",
                    ),
                    (
                        PARTLY,
                        "Lägesbilden visar att en stor del av våldet sker i anslutning till "
                        "krogar i centrum under helgnätter. Kommunen har infört ansvarsfull "
                        "alkoholservering som krav vid nya serveringstillstånd. Antalet "
                        "anmälda våldsbrott är i stort sett oförändrat.",
                    ),
                    (
                        ON_TRACK,
                        "Antalet anmälda våldsbrott minskade under året, delvis till följd av "
                        "att nöjeslivet var begränsat under pandemin. Samverkan med polisen "
                        "och krögarna har fortsatt i det lokala brottsförebyggande rådet.",
                    ),
                    (
                        PARTLY,
                        "När restriktionerna hävdes ökade antalet anmälda våldsbrott igen, "
                        "men nivån ligger lägre än när programmet började. Jämfört med länet "
                        "och riket ligger kommunen fortfarande något högre.",
                    ),
                ],
            },
        ],
    },
    {
        "title": "Skydd mot olyckor",
        "sub_goal": "Färre ska skadas eller omkomma i bränder och andra olyckor.",
        "goals": [
            {
                "text": (
                    "Alla elever i årskurs 8 ska få utbildning i brandskydd och hjärt-lungräddning."
                ),
                "assessments": [
                    (
                        ON_TRACK,
                        "Räddningstjänsten har utbildat elever i årskurs 8 på nio av elva "
                        "skolor. De två återstående skolorna får utbildningen under våren.",
                    ),
                    (
                        FULFILLED,
                        "Samtliga elever i årskurs 8 har fått utbildning i brandskydd och "
                        "hjärt-lungräddning. Utbildningen är nu en fast del av skolornas "
                        "årsplanering.",
                    ),
                    (
                        PARTLY,
                        "På grund av pandemin kunde utbildningen bara genomföras på sex "
                        "skolor. En digital utbildning i brandskydd har tagits fram som "
                        "ersättning, men hjärt-lungräddning kräver praktisk övning.",
                    ),
                    (
                        FULFILLED,
                        "Utbildningen har genomförts på alla skolor, och de elever som missade "
                        "den förra året har fått den i årskurs 9.",
                    ),
                ],
            },
            {
                "text": "Antalet bränder i bostäder ska minska.",
                "assessments": [
                    (
                        PARTLY,
                        "Räddningstjänsten har gjort hembesök med brandskyddsinformation i "
                        "två hyreshusområden och delat ut brandvarnare till äldre som bor "
                        "hemma. Antalet bostadsbränder ligger kvar på samma nivå som året före.",
                    ),
                    (
                        PARTLY,
                        "Hembesöken har utökats till ytterligare tre områden. Antalet "
                        "bostadsbränder minskade något, men det är för tidigt att säga om "
                        "minskningen är bestående.",
                    ),
                    (
                        NOT_ON_TRACK,
                        "Hembesöken fick ställas in under större delen av året. Antalet "
                        "bostadsbränder ökade, främst bränder som började i köket. En "
                        "informationskampanj om spisvakter genomfördes i stället.",
                    ),
                    (
                        ON_TRACK,
                        "Hembesöken har återupptagits och bostadsbolagen har installerat "
                        "spisvakter i sina seniorboenden. Antalet bostadsbränder är det lägsta "
                        "under programperioden.",
                    ),
                ],
            },
        ],
    },
    {
        "title": "Krisberedskap",
        "sub_goal": (
            "Kommunen ska kunna upprätthålla samhällsviktig verksamhet och leda arbetet "
            "vid en kris."
        ),
        "goals": [
            {
                "text": "Kommunens krisledningsorganisation ska öva minst en gång per år.",
                "assessments": [
                    (
                        FULFILLED,
                        "Krisledningsnämnden och krisledningsstaben övade ett långvarigt "
                        "elavbrott under vintern. Övningen utvärderades och tre "
                        "förbättringsområden togs fram.",
                    ),
                    (
                        FULFILLED,
                        "Krisledningsstaben övade tillsammans med länsstyrelsen och "
                        "grannkommunerna ett scenario med omfattande skogsbränder.",
                    ),
                    (
                        FULFILLED,
                        "Ingen planerad övning genomfördes, men krisledningsstaben var aktiverad "
                        "under stora delar av året med anledning av pandemin. Erfarenheterna "
                        "har samlats i en utvärdering som ersätter årets övning.",
                    ),
                    (
                        ON_TRACK,
                        "Utvärderingen av pandemiarbetet har lett till en ny instruktion för "
                        "krisledningsstaben. En övning enligt den nya instruktionen är "
                        "planerad till våren.",
                    ),
                ],
            },
            {
                "text": (
                    "Samtliga förvaltningar ska ha aktuella kontinuitetsplaner för "
                    "samhällsviktig verksamhet."
                ),
                "assessments": [
                    (
                        NOT_STARTED,
                        "En mall för kontinuitetsplaner har tagits fram. Förvaltningarna "
                        "börjar arbeta med planerna nästa år.",
                    ),
                    (
                        PARTLY,
                        "Fyra av sju förvaltningar har tagit fram kontinuitetsplaner. "
                        "Planerna för vård och omsorg är prioriterade.",
                    ),
                    (
                        ON_TRACK,
                        "Pandemin visade vikten av planerna, och arbetet har gått snabbare än "
                        "planerat. Sex av sju förvaltningar har nu aktuella planer.",
                    ),
                    (
                        FULFILLED,
                        "Samtliga förvaltningar har aktuella kontinuitetsplaner, och planerna "
                        "ses över varje år i samband med verksamhetsplaneringen.",
                    ),
                ],
            },
        ],
    },
    {
        "title": "Civilt försvar",
        "sub_goal": "Kommunen ska kunna bedriva sin verksamhet även vid höjd beredskap.",
        "goals": [
            {
                "text": "Kommunens säkerhetsskyddsanalys ska vara genomförd och uppdaterad.",
                "assessments": [
                    (
                        ON_TRACK,
                        "Arbetet med säkerhetsskyddsanalysen har påbörjats med stöd av "
                        "länsstyrelsen. Säkerhetsskyddsklassade verksamheter har identifierats.",
                    ),
                    (
                        FULFILLED,
                        "Säkerhetsskyddsanalysen är genomförd och beslutad. Den uppdateras "
                        "vartannat år eller när verksamheten förändras.",
                    ),
                    (
                        FULFILLED,
                        "Analysen har stämts av mot de förändringar som gjorts i verksamheten "
                        "under året. Ingen uppdatering behövdes.",
                    ),
                    (
                        FULFILLED,
                        "Säkerhetsskyddsanalysen har uppdaterats enligt plan.",
                    ),
                ],
            },
            {
                "text": "Krigsorganisationen ska vara planerad och personalen krigsplacerad.",
                "assessments": [
                    (
                        NOT_STARTED,
                        "Arbetet väntar på nationell vägledning om hur kommunerna ska planera "
                        "sin krigsorganisation.",
                    ),
                    (
                        NOT_STARTED,
                        "Vägledningen har kommit. Arbetet planeras att starta nästa år.",
                    ),
                    (
                        PARTLY,
                        "Kommunledningen har beslutat om en grundstruktur för "
                        "krigsorganisationen. Krigsplaceringen av personal har påbörjats på "
                        "två förvaltningar.",
                    ),
                    (
                        PARTLY,
                        "Omkring hälften av den personal som behövs är krigsplacerad. Arbetet "
                        "fortsätter under nästa programperiod.",
                    ),
                ],
            },
        ],
    },
    {
        "title": "Internt skydds- och säkerhetsarbete",
        "sub_goal": "Medarbetare, information och lokaler ska vara skyddade.",
        "goals": [
            {
                "text": (
                    "Alla medarbetare ska ha genomgått grundutbildning i informationssäkerhet."
                ),
                "assessments": [
                    (
                        PARTLY,
                        "En webbutbildning i informationssäkerhet har lanserats. Omkring en "
                        "tredjedel av medarbetarna har genomfört den.",
                    ),
                    (
                        ON_TRACK,
                        "Utbildningen ingår nu i introduktionen för nya medarbetare. Drygt "
                        "sex av tio medarbetare har genomfört den.",
                    ),
                    (
                        ON_TRACK,
                        "Distansarbetet under pandemin gjorde utbildningen än viktigare. "
                        "Den har kompletterats med ett avsnitt om säkra videomöten.",
                    ),
                    (
                        PARTLY,
                        "Nio av tio medarbetare har genomfört utbildningen. Målet att alla ska "
                        "ha gjort den nås inte under programperioden, främst på grund av "
                        "personalomsättningen inom vård och omsorg.",
                    ),
                ],
            },
            {
                "text": (
                    "Hot och våld mot medarbetare ska rapporteras och följas upp med åtgärder."
                ),
                "assessments": [
                    (
                        PARTLY,
                        "Rapporteringen i det digitala systemet för tillbud och incidenter "
                        "ökar, men varierar mellan förvaltningarna.",
                    ),
                    (
                        PARTLY,
                        "Chefer har utbildats i att följa upp rapporterade händelser. Alla "
                        "händelser följs ännu inte upp med åtgärder.",
                    ),
                    (
                        ON_TRACK,
                        "Samtliga rapporterade händelser har följts upp. Receptionerna har fått "
                        "larm och nya rutiner för besökare.",
                    ),
                    (
                        ON_TRACK,
                        "Uppföljningen fungerar. Antalet rapporterade händelser har ökat, vilket "
                        "bedöms bero på bättre rapportering snarare än på mer hot och våld.",
                    ),
                ],
            },
        ],
    },
]

GUIDELINES = [
    {
        "title": "Klotter och skadegörelse",
        "description": "Klotter ska anmälas och tas bort inom ett dygn på kommunens egendom.",
        "narratives": [
            "Klotter på kommunens fastigheter har i de flesta fall tagits bort inom ett dygn.",
            "Avtalet om klottersanering har utökats till att omfatta busskurer och "
            "elskåp. Nio av tio anmälningar åtgärdades inom ett dygn.",
            "Mängden klotter ökade under våren. Saneringen har ändå klarat målet om ett dygn "
            "i de flesta fall.",
            "Mängden klotter har minskat igen, och nästan alla anmälningar åtgärdades inom "
            "ett dygn.",
        ],
    },
    {
        "title": "Förebygga våldsbejakande extremism",
        "description": "Medarbetare ska veta hur de agerar vid oro för radikalisering.",
        "narratives": [
            "En samordnare har utsetts och en lokal lägesbild har tagits fram.",
            "Skolpersonal och fältassistenter har fått utbildning i att upptäcka och "
            "agera vid oro för radikalisering.",
            "Utbildningen har fortsatt digitalt. Samverkan med polisen sker i ett "
            "gemensamt forum varje månad.",
            "En handlingsplan för hela kommunen har beslutats och lägesbilden har uppdaterats.",
        ],
    },
]

# Each indicator's values are (year, municipality, county, country); None where a
# figure is missing. ``goals`` are the codes of the goals it measures.
INDICATORS = [
    {
        "name": "Andel som känner sig trygga ute sent på kvällen i sitt bostadsområde",
        "unit": "%",
        "direction": "higher",
        "source": "Påhittade exempelvärden",
        "baseline": (2017, "64"),
        "target": (2021, "72"),
        "goals": ["1.1"],
        "values": [
            (2015, "63", "67", "70"),
            (2016, "62", "66", "69"),
            (2017, "64", "67", "70"),
            (2018, "64", "68", "70"),
            (2019, "66", "68", "71"),
            (2020, "69", "69", "72"),
            (2021, "71", "70", "72"),
        ],
    },
    {
        "name": "Anmälda våldsbrott per 100 000 invånare",
        "unit": "antal/100 000 inv",
        "direction": "lower",
        "source": "Påhittade exempelvärden",
        "baseline": (2017, "1210"),
        "target": (2021, "1050"),
        "goals": ["1.2"],
        "values": [
            (2015, "1180", "1150", "1104"),
            (2016, "1235", "1170", "1135"),
            (2017, "1210", "1120", "1081"),
            (2018, "1195", "1110", "1064"),
            (2019, "1190", "1105", "1069"),
            (2020, "1080", "1010", "986"),
            (2021, "1120", "1005", "962"),
        ],
    },
    {
        "name": "Bränder i bostäder per 10 000 invånare",
        "unit": "antal/10 000 inv",
        "direction": "lower",
        "source": "Påhittade exempelvärden",
        "baseline": (2017, "6.1"),
        "target": (2021, "5.0"),
        "goals": ["2.2"],
        "values": [
            (2015, "6.4", "5.8", "6.0"),
            (2016, "6.2", "5.7", "5.9"),
            (2017, "6.1", "5.6", "5.8"),
            (2018, "6.1", "5.5", "5.8"),
            (2019, "5.8", "5.4", "5.7"),
            (2020, "6.3", "5.5", "5.6"),
            (2021, "5.2", "5.3", "5.5"),
        ],
    },
    {
        "name": "Andel medarbetare med grundutbildning i informationssäkerhet",
        "unit": "%",
        "direction": "higher",
        "source": "Påhittade exempelvärden",
        "baseline": (2018, "34"),
        "target": (2021, "100"),
        "goals": ["5.1"],
        "values": [
            (2018, "34", None, None),
            (2019, "62", None, None),
            (2020, "78", None, None),
            (2021, "90", None, None),
        ],
    },
]

# Each year's follow-up and the meeting that decided it, early the next year.
FOLLOW_UPS = [
    {
        "year": 2018,
        "overall_status": PARTLY,
        "summary": (
            "Programmets första år har präglats av att arbetssätt och samverkan kommit på "
            "plats. Trygghetsvandringar, utbildning av skolelever och en ny mall för "
            "kontinuitetsplaner är exempel på det som genomförts."
        ),
        "overall_narrative": (
            "Den samlade bedömningen är att arbetet delvis är i fas. Flera mål har fått en "
            "god start, men arbetet med våldsbrott, kontinuitetsplaner och "
            "krigsorganisationen har ännu inte kommit i gång."
        ),
        "meeting_date": "2019-02-14",
        "item_number": "Ärende 6",
        "paragraph": "§ 5",
        "registry_number": "EX-2019/14",
        "speakers": ["Maria Testström", "Eva Exempelsson", "Johan Provberg"],
        "notes": [],
    },
    {
        "year": 2019,
        "overall_status": ON_TRACK,
        "summary": (
            "Under 2019 har samverkan med polisen fördjupats genom ett medborgarlöfte, alla "
            "elever i årskurs 8 har fått utbildning i brandskydd och hjärt-lungräddning och "
            "säkerhetsskyddsanalysen har beslutats."
        ),
        "overall_narrative": (
            "Den samlade bedömningen är att arbetet i stort är i fas. Mål 1.2 om våldsbrott "
            "och mål 4.2 om krigsorganisationen kräver fortsatt uppmärksamhet."
        ),
        "meeting_date": "2020-02-13",
        "item_number": "Ärende 8",
        "paragraph": "§ 7",
        "registry_number": "EX-2020/22",
        "speakers": ["Maria Testström", "Leila Exempeldotter", "Anders Påhittsson"],
        "notes": [],
    },
    {
        "year": 2020,
        "overall_status": PARTLY,
        "summary": (
            "Pandemin har påverkat stora delar av programmet. Krisledningsstaben har varit "
            "aktiverad under större delen av året, medan hembesök och utbildningar fått "
            "ställas in eller göras om."
        ),
        "overall_narrative": (
            "Den samlade bedömningen är att arbetet delvis är i fas. Krisberedskapen har "
            "prövats på riktigt och klarat det, men det förebyggande arbetet mot bränder i "
            "bostäder har inte kunnat genomföras som planerat."
        ),
        "meeting_date": "2021-02-11",
        "item_number": "Ärende 5",
        "paragraph": "§ 4",
        "registry_number": "EX-2021/9",
        "speakers": ["Maria Testström", "Johan Provberg", "Eva Exempelsson"],
        "notes": [
            {
                "on_behalf_of": "EXG",
                "attachment_label": "bilaga 4.1",
                "body": (
                    "Vi i Exempelpartiet Grön välkomnar uppföljningen men vill understryka att "
                    "hembesöken om brandskydd behöver återupptas så snart det går. Bränder i "
                    "bostäder drabbar oftast äldre som bor ensamma, och det är just de som "
                    "har haft minst kontakt med omvärlden under pandemin."
                ),
                "signatories": ["Johan Provberg"],
            }
        ],
    },
    {
        "year": 2021,
        "overall_status": ON_TRACK,
        "summary": (
            "Programperiodens sista år. De flesta mål är uppfyllda eller i fas. Arbetet med "
            "krigsorganisationen och utbildningen i informationssäkerhet fortsätter i nästa "
            "program."
        ),
        "overall_narrative": (
            "Den samlade bedömningen är att arbetet är i fas. Andelen trygga har ökat under "
            "perioden och ligger nära målvärdet, och krisberedskapen har stärkts."
        ),
        "meeting_date": "2022-02-10",
        "item_number": "Ärende 9",
        "paragraph": "§ 8",
        "registry_number": "EX-2022/17",
        "speakers": [
            "Maria Testström",
            "Leila Exempeldotter",
            "Eva Exempelsson",
            "Anders Påhittsson",
        ],
        "notes": [
            {
                "on_behalf_of": "EXR",
                "attachment_label": "bilaga 8.1",
                "body": (
                    "Exempelpartiet Röd noterar att otryggheten fortfarande är störst i de "
                    "bostadsområden där kommunen har minst närvaro. I nästa program bör "
                    "resurserna styras dit, och kvinnors otrygghet bör följas upp som ett "
                    "eget mål."
                ),
                "signatories": ["Leila Exempeldotter"],
            }
        ],
    },
]

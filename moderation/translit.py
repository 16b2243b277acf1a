"""Russian and Ukrainian typed in Latin letters ("ne hochu zhit", "ya ub'yu sebya").

`looks_translit(s)` is a cheap test on the normalised (lower-case, ASCII) text: at least two
distinct very common Russian/Ukrainian words in Latin spelling ("ne", "hochu", "menya",
"vse"...), which Polish and English text does not contain. `to_cyrillic(s, variant)` then
spells the text in Cyrillic, in the folded alphabet of `normalize` (й -> и, ё/є -> е) and
without the soft sign (nobody types it in Latin; the lexicon's Cyrillic literals make "ь"
optional). "y" is ambiguous: Russian "ы" (ty, zhyt) or Ukrainian "и" (zhyty), and so is
"h": "х" (hochu) or "г" (nahlotalsya, Ukrainian spelling): `VARIANTS` lists the readings. Also returns, for every Cyrillic character, the [start, end) span of
the Latin characters it came from, so matches still point into the original text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from moderation.lexicon import trie_regex

_HINT_WORDS = (
    "ne ya mne menya mene meni sebya sebe soboi soboy soboj hochu hochetsya hochet zhit zhyt "
    "zhyty zhiti chto shto scho sho eto tse uzhe vzhe bolshe bilshe segodnya sohodni sogodni "
    "nikto nikomu nichego nichogo tolko tilki vse vsyo vsio zavtra pomogite dopomozhit "
    "tabletok tabletki pigulky pigulok umeret umerty pomeret pomerty vmerty ubit ubyu "
    "pokonchit pokinchyty sdohnut nabrydlo nadoelo dostalo ustala ustal mozhe mozhet kogda "
    "koly yak kak prosto reshila reshil vyrishyla zakonchit zakinchyty ploho pogano horosho nado "
    "treba mogu mozhu budu bude bylo byla tebya tebe ochen duzhe zachem navishcho pochemu chomu "
    "ona oni vona vony skazal skazala skazav iz dlya shchob chtoby "
    # since 2026.4 (issue 20, uk/ru round): more words typed in Latin letters that Polish and
    # English do not use, in the spellings people type (kh/h/x, shch/sch/sh, ya/ja/ia)
    "shcho shchob shob shoby shtoby chtob shtob yakshcho yakscho yaksho yesli esli "
    "khochu xochu hoczu khochetsya hochetsa khochet hochesh khochesh "
    "menia sebia tebia mnoj mnoi mnoy mnoyu mnoju tezh tozhe vot gde kuda tudy tuda "
    "seichas sejchas seychas teper opyat opiat snova znovu znov eshche eshe yeshche vzhe "
    "budet budesh zhizn zhizni zhyttya zhyttia smert smerti umru pomru sdohnu vbyty vbytysia "
    "boyus bojus boius boyusya bojusia strashno straschno pomogi pomoch dopomozhy dopomozhit "
    "delat robyty zrobyty zroblyu sdelayu sdelaju mozhno mozhna nelzya "
    "yoho yiyi yeyo vin nichoho nichogo potim pislya pislia posle vchora vchera "
    "khto nikhto khtos ktoto pryvit privet spasibo dyakuyu dyakuju pozhaluysta "
    "tabletky tabletku tabletkami pihulky snotvornoe snotvornogo snodiyne "
    "mnogo bagato bahato silno sylno ugrozhaet ugrozhayut pogrozhuye pohrozhuye zabral "
    "zabrali zabrav zabraly dokumenty rabotodatel robotodavets batko batka otec otca "
    "vyrishyv vyrishila vyrishyl syohodni sjogodni siohodni segodnja sevodnya sevodnja "
    "nareshti nakonets nakonec kakaya kakoy kakoj kakoi kakie yakas yakyis yakys yakiys "
    "idet idut yide yidu edet samoho samogo "
    # since lexicon uk/ru 2025.9 (the sixth uk/ru round): the words of the kinds that still
    # missed (carers, starving and locking up, bruises, self-harm, threats, sexual violence, a
    # stroke or a fit), as typed, in the form `normalize` leaves (doubled letters collapsed)
    "batya byvshi byvshij byvshiy cholovik cyharky deda dedushka detey diadko dida didus "
    "ditey dodomu domoi domoy dyadko dyadya dyhaty dykhaty dyshat dytyna glubzhe goduye "
    "gorit gorlo goryachaya gvaltuvav haryacha hlybshe hoduye horlo horyt izbiet "
    "iznasiloval iznasilovali izobet jisty kinets kolyshni kolyshniy konec kormit krichit "
    "krov krychyt lico lupcjuje lupcuye lupcyuye machekha machuha machukha mamin mamyn "
    "motuzka muzh naglotayus naidet nakovtayus napitok napiy naydet oblychchya oblychia "
    "odezhdy odnoklasnica odnoklasnycya odnoklasnytsia odyahu otchim otchym otkachali "
    "otravlyus otruyus perekosilo perekosylo petli petlya plachet pobiet pobye polici "
    "politsi politsiyu popytka popytki porezala porezalas porezhet porezy porizala "
    "porizalas porizhe porizy poveshus povesitsya povishus povisytys povisytysya pribet "
    "prokynulas prosnulas prybye pyanij pyanyi pyanyj reanimaci reanimatsi rebenok remenem "
    "remnem rezatsya rezhus rizatys rizatysya rizhus rizhusya ruki ruky shramy shvydka "
    "shvydku sigaretoy sigarety sinci sinyakah sinyakakh sinyaki skoraya sproba sproby "
    "sudomy sudorogi synci syntsi syntsyakh tsyharky tuse tusi ubet ubiet ubitsya vbye "
    "vbytysya vecherinke vecherinki vechirky vecirky verevka vidkachaly vitchim vitchym "
    "vyprygnu vystrybnu vyzhil vyzhila vyzhyla vyzhyv yest yisty zachynyaye zakryvaet "
    "zakryvaye zamykaye zapalnychkoyu zapiraet zapyraet zarezhet zastavil zazhigalkoy "
    "zgvaltuvaly zgvaltuvav zmusyv znaide znajomyj znakomij znakomy znakomyi znayde znayomy "
    "znayomyi rezhu rizhu kozhen kozhnyi kazhdyi kazhdyj kazhdy kazhduyu vecher vechir "
    "proglotil proglotila prokovtnuv prokovtnula batareyku batareyki batareiku grozit "
    "grozitsya grozyt hrozyt pohrozhuye razvod rozluchennya aptechku aptechka"
    # and the common words of chat in Latin letters that the first ones still lacked (the
    # "j" spellings "menja", "sebja"; "koroche", "vybachte", "chesno", "dumaju", "vnochi"...)
    " bula bulo buv byv cherez chesno chestno chy dlja dolgo dovho dumaiu dumaju dumala"
    " dumayu dytynu dytyny emu etim etom etot etoy govorit hodynu hovoryt htos iakscho idti"
    " izvinite jakshcho jty kazaty kazhe khlopets kimnati koli komnate koroche krashche"
    " krovi kudy lekarstva liky luchshe menja mij miy moy mozhesh mozno nedele nedelyu nego"
    " nema nibud nich nizh nochi normalno nuzhno opjat perestat pidu pishu pislja podruga"
    " podruha poka poydu privit proshlo proshlom pryvet pyshu ranshe rebenka robiti roki"
    " rokiv roky schos sdelat sebja shche shchos shkole shkoli shkoly skazat skilky skolki"
    " skolko sluhaite sluhayte slukhaite slukhajte slukhayte sluxaite sluxajte sluxayte"
    " sosed spaty susid tebja todi tsej tsoho tyzhden ubil uchus utrom uydu uyti vchusya"
    " vdoma vecheri vecherom vernetsya vibachte vnochi vsego vsju vsya vybachte yomu yty"
    " yzvynyte zhivu zhyvu znaiu znaju znat znaty znayu zranku zrobiti zroblju"
    # since lexicon uk/ru 2025.11 (the eighth uk/ru round): words of its kinds typed in Latin
    # letters (an axe about the flat, a height sought to jump, again looking for pills, forced
    # acts); not "moroz", "kurtki", "minet": Polish words
    " hodyt hodit khodyt khodit sokyroyu sokyroju toporom kvartyri kvartire shukayu shukaju"
    " ishchu ishhu strybnuty strybayu stribnuty sprygnut sprignut prygayu budynok vysokyj"
    " vysokij zmushuye zmushuje zastavlyaet zastavljaet holinnya holinia britya britja"
    # since lexicon uk/ru 2025.12 (the ninth uk/ru round): going somewhere to end it all,
    # beatings promised in slang, hiding from a threat, pills that did not work, a spiked
    # drink, a carer chasing with a belt; not "most" (Polish for bridge)
    " poidu poedu pojdu pokinchu pokonchu zakinchu zakonchu skinchyty zakonchit kryshu"
    " kryshi vannij vannoj lomytsya lomitsya vidmutuzyat otpinayut pidsypaly podsypali"
    " napoily napoili cherzi ocheredi spratsyuvaly srabotali vidkachaly otkachali skalkoyu"
    " skalkoj ganiaye gonyaet remenem remnem"
    # since lexicon uk/ru 2025.13: Ukrainian "to myself" and "all" ("khochu porizaty sobi
    # veny", "vypyla vsi tabletky" had one hint word and were read in Latin letters only)
    " sobi vsi"
    # since lexicon uk/ru 2025.19 (the red team of frames): a last message with love to all,
    # "not joking", the rails, a rope, "would anyone notice"; not "dahu", "stoju": a roof or
    # standing somewhere is everyday ("ja na dakhu shkoly z druzjamy", "stoju bilia vkhodu")
    # (normalised as the text is: doubled letters once, "ostannie" is "ostanie")
    " posledne poslednie sobshchenie sobshenie spasibo prostite ostanie ostanye ostanje"
    " povidomlenia povidomlenya liubliu lyublyu lyubliu"
    " zhartuyu zhartuju shuchu relsy reiky rejky verevku motuzku petlyu zametit pomityt"
    # since lexicon uk/ru 2025.26 (a black-box attack, pending/attack23/): a past attempt, a
    # drug injected, breath, consciousness, a syringe, a rescue that will not come in time
    " pytalas pytalsya pytalsia namahalas namagalas namahalasja vmazalsya vmazalsia"
    " vmazalas vmazavsja zadykhayus zadyhayus zadyhajus zadyhajusja soznaniya svidomosti"
    " shpric shprits shpryc shprytsom uspeyut uspejut vstyhnut vstygnut vryatuvaly"
    " vrjatuvaly proshchajte proshchavajte proshchayte"
    # since lexicon uk/ru 2025.51 (black-box attack 54): a small child who drank a household
    # chemical ("donia 2 roky vypyla yakus' khimiiu z-pid myiky" had one hint word)
    " vypyla vypyv vypila vypil yakus yakas donia donya donechka doncha khimiu khimiyu"
    " himiyu kashliaie kashlyaye kashlyaet"
    # since lexicon uk/ru 2025.82 (black-box attack 93): the worst headache of one's life,
    # sudden, with fainting ("v dushi raptom takyi bil holovy, naihirshyi v zhytti, na sekundu
    # znepritomnila" had no hint word)
    # (not "vdrug", "holovy": "a vdrug ja zabudu vyklyuchit gaz", a worry, and "vypyla kolesa
    # ot holovy y proslo", pills for a headache, were read as crises in Cyrillic)
    " raptom golove holovi znepritomnila znepritomniv otklyuchilsya"
    " otkljuchilsja otkliuchylas otklyuchilas"
).split()
# as the text is normalised: a doubled letter once ("zhyttya" is "zhytya"; before 2025.19 the
# hint words with a doubled letter were never found)
_HINT = frozenset(re.sub(r"(.)\1+", r"\1", w) for w in _HINT_WORDS)
_WORD = re.compile(r"[a-z]+")
# A Russian/Ukrainian reflexive verb ending ("nahlotalsya", "hochetsya", "kazhetsia").
_REFLEXIVE = re.compile(r"[a-z]{3}(?:sya|sia|tsa)(?![a-z])")

# Longest first; the value for "y" depends on the variant.
_MULTI = [
    ("shch", "щ"),
    ("sch", "щ"),
    ("zh", "ж"),
    ("kh", "х"),
    ("ch", "ч"),
    ("sh", "ш"),
    ("ts", "ц"),
    ("tz", "ц"),
    ("yu", "ю"),
    ("ya", "я"),
    ("yo", "е"),
    ("ye", "е"),
    ("yi", "и"),
    ("ju", "ю"),
    ("ja", "я"),
    ("je", "е"),
    ("jo", "е"),
]
_SINGLE = {
    "a": "а",
    "b": "б",
    "v": "в",
    "g": "г",
    "d": "д",
    "e": "е",
    "z": "з",
    "i": "и",
    "j": "и",
    "k": "к",
    "l": "л",
    "m": "м",
    "n": "н",
    "o": "о",
    "p": "п",
    "r": "р",
    "s": "с",
    "t": "т",
    "u": "у",
    "f": "ф",
    "h": "х",
    "c": "ц",
    "w": "в",
    "q": "к",
    "x": "кс",
}
_VOWELS = frozenset("aeiouy")
# Spellings that depend on where they stand in a word (tried before the letters above; every
# condition looks only inside the word, so a word reads the same alone or in a text):
# * the reflexive ending "-ться"/"-тся" typed "-tsya" ("zastrelitsya", not "застрелиця");
#   "-tsa" only after "e"/"a" ("hochetsa", "boyatsa"; "ulitsa" stays "улица");
# * "-сь" with the soft sign dropped, a final "s" after a verb's past or infinitive ending or
#   first person ("travilas", "prokynutys", "utoplyus"), after "zh"/"sh"/"ch" + "u" ("rezhus",
#   "derzhus", "uchus": -жусь, -шусь, -чусь; since 2025.9) or in "khtos" (хтось): the
#   reflexive ending, which `normalize` folds to "-ся" in the text and in the lexicon alike;
# * "x" at the start of a word is "х" ("xochu"), elsewhere "кс" ("seks");
# * Polish-keyboard "szcz", "sz", "cz" ("szczo", "meni pohano" typed by a Pole) are щ, ш, ч.
_POSITIONAL = (
    ("reflexive_tsya", r"ts(?:ya|ja|ia)(?![a-z])|(?<=[ea])tsa(?![a-z])", "тся"),
    ("reflexive_s", r"(?<=la|li|lo|ly|ty|ti|yu|ju|iu|to)s(?![a-z])", "ся"),
    ("reflexive_us", r"(?<=hu)s(?![a-z])", "ся"),
    ("initial_x", r"(?<![a-z])x", "х"),
    ("szcz", r"szcz", "щ"),
    ("sz", r"sz", "ш"),
    ("cz", r"cz", "ч"),
)
_POS_MAP = {name: rep for name, _, rep in _POSITIONAL}
_TOKENS = "|".join(re.escape(k) for k, _ in _MULTI) + "|[a-z]"
_TOKEN = re.compile("|".join(f"(?P<{name}>{rx})" for name, rx, _ in _POSITIONAL) + "|" + _TOKENS)
_MULTI_MAP = dict(_MULTI)
# Ukrainian official transliteration writes я, ю, є as "ia", "iu", "ie" after a consonant
# ("tiahne", "pidniaty", "zhyttia"), and chat writes them so after a vowel too ("zamykaie",
# "moia", "lupcyuie"; since 2025.9): read so in the Ukrainian variants only (in Russian text
# "ie"/"ia" are mostly two letters: "sudorogi", "diagnoz").
_UK_IOTA = {"ia": "я", "iu": "ю", "ie": "е"}
_TOKEN_UK = re.compile(
    "|".join(f"(?P<{name}>{rx})" for name, rx, _ in _POSITIONAL)
    + "|(?P<iota>(?<=[a-z])i[aue])|"
    + _TOKENS
)


# The hint words as whole words (`_WORD`), each after a character that is no Latin letter
# (searched on " " + text; a trie regex that starts with a character class is scanned
# quickly).
_HINT_RX = re.compile("[^a-z](" + trie_regex(_HINT) + ")(?![a-z])")


def _hints(s: str) -> set[str]:
    """The hint words among the words (`_WORD`) of `s`."""
    return set(_HINT_RX.findall(" " + s))


def has_hint(s: str) -> bool:
    """Any common ru/uk word in Latin letters in the normalised ASCII text `s` (a text without
    one never `looks_translit`, alone or read together with other such texts)."""
    return _HINT_RX.search(" " + s) is not None


def has_hint_word(words: Iterable[str]) -> bool:
    """`has_hint(s)` from the runs of Latin letters of the normalised ASCII text `s` (for
    example the classifier's `words(s)`), without reading `s` again."""
    return not _HINT.isdisjoint(words)


# a letter that is not an ASCII one (Cyrillic, Polish diacritics...); emoji and symbols are none
_NON_ASCII_LETTER = re.compile(r"[^\W\d_a-zA-Z]")


def latin_script(s: str) -> bool:
    """Whether every letter of the normalised text `s` is an ASCII one: Russian or Ukrainian
    typed in Latin letters may carry emoji ("ne mogu bolshe 😭"), which a Cyrillic reading
    leaves as they are (`to_cyrillic` changes only Latin letters). True for any ASCII `s`;
    False for a text with one Cyrillic or Polish letter."""
    return s.isascii() or _NON_ASCII_LETTER.search(s) is None


def looks_translit(s: str) -> bool:
    """At least two distinct common ru/uk words in Latin letters (s is normalised ASCII)."""
    found = _hints(s)
    if len(found) >= 2:
        return True
    if found and ("sya" in s or "sia" in s or "tsa" in s):
        return _REFLEXIVE.search(s) is not None
    return False


# (variant name, reading of "y" after a consonant, reading of "h").
VARIANTS = (("ru", "ы", "х"), ("uk", "и", "х"), ("ru-h", "ы", "г"), ("uk-h", "и", "г"))
_BY_NAME = {v[0]: v for v in VARIANTS}


def to_cyrillic(s: str, variant: str = "ru") -> tuple[str, list[int], list[int]]:
    """Cyrillic spelling of normalised Latin text, with per-character source spans."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    _, y_cons, h = _BY_NAME[variant]
    token = _TOKEN_UK if variant.startswith("uk") else _TOKEN
    for m in token.finditer(s):
        a, b = m.span()
        for i in range(pos, a):  # anything that is not a Latin letter stays
            out.append(s[i])
            starts.append(i)
            ends.append(i + 1)
        g = m.group()
        if m.lastgroup == "iota":
            rep = _UK_IOTA[g]
        elif m.lastgroup is not None:
            rep = _POS_MAP[m.lastgroup]
        elif g == "y":
            prev = s[a - 1] if a > 0 else " "
            rep = "и" if (prev in _VOWELS or not prev.isalpha()) else y_cons
        else:
            rep = h if g == "h" else (_MULTI_MAP.get(g) or _SINGLE[g])
        for ch in rep:
            if out and out[-1] == ch and ch.isalpha():
                # a letter twice from two Latin tokens ("oblychchja" -> "обличчя"): one, as
                # `normalize` collapses repeats in the text and in the lexicon's literals
                ends[-1] = b
                continue
            out.append(ch)
            starts.append(a)
            ends.append(b)
        pos = b
    for i in range(pos, len(s)):
        out.append(s[i])
        starts.append(i)
        ends.append(i + 1)
    return "".join(out), starts, ends


_LATIN_WORD = re.compile(r"[a-z]+")
_UPPER = re.compile(r"[A-Z]")
# the Cyrillic reading of each Latin word with its source spans (`to_cyrillic` of the word),
# per variant (bounded)
_READINGS: dict[str, dict[str, tuple[str, list[int], list[int]]]] = {v[0]: {} for v in VARIANTS}
_READINGS_SIZE = 50_000


def _word_reading(w: str, variant: str) -> tuple[str, list[int], list[int]]:
    """`to_cyrillic(w, variant)` of one Latin word, remembered."""
    cache = _READINGS[variant]
    r = cache.get(w)
    if r is None:
        if len(cache) >= _READINGS_SIZE:
            cache.clear()
        r = cache[w] = to_cyrillic(w, variant)
    return r


def _by_words(s: str) -> bool:
    """Whether `s` reads word by word: the reading of a Latin word does not depend on what is
    around it in ASCII text without capitals (a "y" after anything but a letter reads as at
    the start of a word; no letter is merged with one of another word, as a character that is
    no letter always stands between them)."""
    return s.isascii() and _UPPER.search(s) is None


def cyrillic_text(s: str, variant: str = "ru") -> str:
    """`to_cyrillic(s, variant)[0]`, the text only, read word by word from a cache
    (`_by_words`). Raises KeyError for an unknown variant."""
    if not _by_words(s):
        return to_cyrillic(s, variant)[0]
    if variant not in _READINGS:
        raise KeyError(variant)

    def word(m: re.Match[str]) -> str:
        return _word_reading(m.group(), variant)[0]

    return _LATIN_WORD.sub(word, s)


def cyrillic_spans(s: str, variant: str = "ru") -> tuple[str, list[int], list[int]]:
    """`to_cyrillic(s, variant)` (the text and, per character, its source span in `s`), read
    word by word from the cache of `cyrillic_text` when `s` allows (`_by_words`): the offset
    map of a reading that found a crisis phrase. Raises KeyError for an unknown variant."""
    if not _by_words(s):
        return to_cyrillic(s, variant)
    if variant not in _READINGS:
        raise KeyError(variant)
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for m in _LATIN_WORD.finditer(s):
        a = m.start()
        if a > pos:  # anything that is not a Latin letter stays
            out.append(s[pos:a])
            starts.extend(range(pos, a))
            ends.extend(range(pos + 1, a + 1))
        text, ws, we = _word_reading(m.group(), variant)
        out.append(text)
        starts.extend([a + i for i in ws])
        ends.extend([a + i for i in we])
        pos = m.end()
    if pos < len(s):
        out.append(s[pos:])
        starts.extend(range(pos, len(s)))
        ends.extend(range(pos + 1, len(s) + 1))
    return "".join(out), starts, ends

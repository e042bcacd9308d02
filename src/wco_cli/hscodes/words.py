"""Words of descriptions and queries: folding, singular forms, negation, typos.

The build indexes descriptions with these same functions, so a query word and an indexed word
are folded identically.
"""

from __future__ import annotations

from collections.abc import Iterable

# The project's one fold, typo allowance and distance (HS text reads as every other text).
from wco_cli.text import allowed_edits, edit_distance, fold

STOPWORDS = frozenset(
    "a an and or of the for with in on by to at as from be is are its it their thereof therefor "
    "therewith whether than other others such which that those this these any all but not no "
    "nor n e c nes nec incl including included include includes kind kinds heading headings "
    "subheading subheadings chapter chapters item items ie eg etc per".split())
NEGATIONS = frozenset(("not", "excluding", "except", "excl", "excludes", "exclude", "without"))
# "not exceeding 30 cm", "not more than 250g": quantities, not exclusions.
QUANTITY_WORDS = frozenset(("exceeding", "exceed", "exceeds", "more", "less", "over", "under",
                            "above", "below", "greater", "elsewhere", "otherwise"))
# Plural -> singular where the rules below would get it wrong, and singular words ending in
# "s" that must stay as they are.
IRREGULAR = {
    "men": "man", "women": "woman", "children": "child", "feet": "foot", "teeth": "tooth",
    "geese": "goose", "mice": "mouse", "oxen": "ox", "knives": "knife", "wives": "wife",
    "lives": "life", "leaves": "leaf", "halves": "half", "calves": "calf", "shelves": "shelf",
    "wolves": "wolf", "loaves": "loaf", "thieves": "thief", "sheaves": "sheaf", "hooves": "hoof",
    "scarves": "scarf", "wharves": "wharf", "shoes": "shoe", "toes": "toe", "hoes": "hoe",
    "canoes": "canoe", "oboes": "oboe", "cookies": "cookie", "movies": "movie",
    "calories": "calorie", "brownies": "brownie", "pies": "pie", "ties": "tie", "dies": "die",
    "lies": "lie", "species": "species", "series": "series", "lenses": "lens", "lens": "lens",
    "buses": "bus", "gases": "gas", "canvases": "canvas", "canvas": "canvas", "atlases": "atlas",
    "atlas": "atlas", "axes": "axe", "fungi": "fungus", "cacti": "cactus", "dice": "die",
    "news": "news", "means": "means", "ies": "ies",
}


def singular(word: str) -> str:
    """The singular of a folded English word, by rule: "knives" -> "knife", "boxes" -> "box"."""
    if word in IRREGULAR:
        return IRREGULAR[word]
    if len(word) <= 3 or not word.endswith("s") or not word.isalpha():
        return word
    if word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zzes", "oes")):
        return word[:-2]
    return word[:-1]


# The state of a word in a text: a plain mention, one under "whether or not" / "with or
# without" (the code covers both cases), or one under a negation (the code excludes it).
PLAIN, EITHER, EXCLUDED = 0, 1, 2


def text_words(text: str, query: bool = False) -> list[tuple[str, int]]:
    """The searchable words of TEXT in order, singular and folded, each with its state:
    PLAIN, EITHER ("whether or not roasted") or EXCLUDED ("other than X", "excluding X",
    "not X", "except X", "without X", "non-X").

    In a description such a span runs to the next ',', ';' or ':' or, when it starts inside
    brackets, to the closing bracket. In a QUERY it covers the next word only.
    """
    import re

    # "t-shirts", "x-ray": one letter joined by a hyphen is kept as a compound ("tshirt"),
    # followed by its word ("shirt"), so "t-shirt", "tshirt" and "shirts" all find T-shirts.
    tokens = re.findall(r"\b[a-z]-[a-z0-9]+|[a-z0-9]+|[,;:()]", fold(text))
    words: list[tuple[str, int]] = []
    depth = 0
    span_at: int | None = None  # bracket depth where the running span started
    span_state = PLAIN
    just_one = False  # the span covers a single word ("non-electric", any query negation)
    previous = before_previous = ""
    for position, token in enumerate(tokens):
        if token == "(":
            depth += 1
        elif token == ")":
            depth = max(0, depth - 1)
            if span_at is not None and depth < span_at:
                span_at = None
        elif token in ",;:":
            # Inside brackets only the closing bracket (or ';') ends it: "(excluding a, b or c)".
            if span_at is not None and depth <= span_at and (span_at == 0 or token == ";"):
                span_at = None
        else:
            following = tokens[position + 1] if position + 1 < len(tokens) else ""
            starts = _span_start(token, following, previous, before_previous)
            if starts != PLAIN:
                span_at, span_state, just_one = depth, starts, query or token == "non"
            elif token not in STOPWORDS and token not in NEGATIONS and \
                    token not in QUANTITY_WORDS and not (len(token) == 1 and token.isalpha()):
                state = span_state if span_at is not None else PLAIN
                if token[1:2] == "-":
                    words.append((singular(token[0] + token[2:]), state))
                    token = token[2:]
                words.append((singular(token), state))
                if just_one:
                    span_at = None
        before_previous, previous = previous, token
    return words


LEAD_FIRST, LEAD_NEAR = 2, 1


def lead_words(text: str) -> dict[str, int]:
    """The words that name the thing in UNSD's "Thing; qualifiers" descriptors: LEAD_FIRST for
    the first word, LEAD_NEAR for the second and third, all before the first ';'."""
    head = text.split(";", 1)[0]
    leads: dict[str, int] = {}
    for position, (word, state) in enumerate(text_words(head)[:3]):
        if state == PLAIN and word not in leads:
            leads[word] = LEAD_FIRST if position == 0 else LEAD_NEAR
    return leads


def _span_start(token: str, following: str, previous: str, before_previous: str) -> int:
    """EXCLUDED or EITHER when TOKEN opens such a span, else PLAIN."""
    if token == "than":
        return EXCLUDED if previous == "other" else PLAIN
    if token == "non":
        return EXCLUDED
    if token == "not":
        if following in QUANTITY_WORDS:  # "not exceeding 30 cm" excludes nothing
            return PLAIN
        return EITHER if (previous, before_previous) == ("or", "whether") else EXCLUDED
    if token == "without":
        return EITHER if (previous, before_previous) == ("or", "with") else EXCLUDED
    return EXCLUDED if token in NEGATIONS else PLAIN


def letter_mask(word: str) -> int:
    """A bit per distinct character: k edits change at most 2k bits, a cheap typo pre-filter."""
    mask = 0
    for ch in word:
        mask |= 1 << (ord(ch) & 63)
    return mask


def typo_buckets(words: Iterable[str]) -> dict[int, list[tuple[str, int]]]:
    """Words of 4+ letters by length, each with its letter_mask: the table typos() scans."""
    buckets: dict[int, list[tuple[str, int]]] = {}
    for candidate in words:
        if len(candidate) >= 4 and candidate.isalpha():
            buckets.setdefault(len(candidate), []).append((candidate, letter_mask(candidate)))
    return buckets


def typos(buckets: dict[int, list[tuple[str, int]]], word: str) -> list[tuple[str, int]]:
    """(word, edits) of BUCKETS within the edits text.allowed_edits gives WORD (a caller asks
    only for words of five letters or more), closest first."""
    allowed = allowed_edits(len(word))
    mask = letter_mask(word)
    limit_bits = 2 * allowed
    found = []
    for length in range(len(word) - allowed, len(word) + allowed + 1):
        for candidate, candidate_mask in buckets.get(length, ()):
            if (mask ^ candidate_mask).bit_count() <= limit_bits:
                distance = edit_distance(word, candidate, allowed)
                if distance <= allowed:
                    found.append((distance, candidate))
    return [(candidate, distance) for distance, candidate in sorted(found)]


# Spellings a query may use for a word the HS spells otherwise (it writes British English:
# tyre, aluminium, colour), both ways, for the words the rules of spellings() miss.
SPELLINGS = {
    "tire": "tyre", "aluminum": "aluminium", "gray": "grey", "jewelry": "jewellery",
    "pajama": "pyjama", "plow": "plough", "curb": "kerb", "mold": "mould", "donut": "doughnut",
    "cozy": "cosy", "mustache": "moustache", "program": "programme", "ax": "axe",
    "licorice": "liquorice", "artifact": "artefact", "airplane": "aeroplane",
    "omelet": "omelette", "yogurt": "yoghurt", "whiskey": "whisky", "check": "cheque",
    "sulfur": "sulphur", "sulfate": "sulphate", "sulfide": "sulphide", "sulfite": "sulphite",
    "sulfuric": "sulphuric", "sulfonic": "sulphonic", "sulfonamide": "sulphonamide",
    "fetus": "foetus", "esophagus": "oesophagus", "estrogen": "oestrogen",
    "anesthetic": "anaesthetic", "hemoglobin": "haemoglobin", "pediatric": "paediatric",
    "orthopedic": "orthopaedic", "diarrhea": "diarrhoea", "story": "storey",
}
# Everyday words and the HS's words for the same goods, matched a little below the word
# itself: "electric bicycle" is 8711.60's "cycles ... with electric motor".
RELATED = {"bicycle": ("cycle",), "bike": ("cycle", "bicycle"), "tv": ("television",),
           "nappy": ("diaper",), "kid": ("child",), "lady": ("woman",), "earbud": ("earphone",),
           "speaker": ("loudspeaker",), "fridge": ("refrigerator",), "cellphone": ("telephone",),
           "automobile": ("car",), "truck": ("lorry",), "lorry": ("truck",)}
# Consecutive query words read as one word the HS uses (after singular()).
PHRASES = {("second", "hand"): "used", ("secondhand",): "used", ("pre", "owned"): "used",
           ("preowned",): "used"}
# Words that say little about what the goods are: a widened search (hscodes.widen) gives
# them little weight and never lets them match a code on their own.
GENERIC = frozenset(
    "used use new old kind type sort part piece set article product item thing good goods "
    "make made similar various general purpose unit style quality brand cheap best bulk export "
    "import wholesale retail buy sell price my your our me i we you some lot pack packet "
    "material stuff".split())
# Suffix pairs of American and British spelling: colour/color, fibre/fiber, -ise/-ize, ...
_SUFFIXES = (("our", "or"), ("re", "er"), ("ise", "ize"), ("isation", "ization"),
             ("ised", "ized"), ("ising", "izing"), ("yse", "yze"), ("ogue", "og"),
             ("ence", "ense"), ("elled", "eled"), ("elling", "eling"), ("ellery", "elry"),
             ("oured", "ored"), ("ouring", "oring"))
_SPELLED_BACK = {british: american for american, british in SPELLINGS.items()}


def spellings(word: str) -> list[str]:
    """Other spellings of WORD (folded, singular): the British one of an American spelling and
    back ("tire" -> "tyre", "colour" -> "color", "fibre" -> "fiber"); a caller keeps those its
    vocabulary has."""
    found = [other for other in (SPELLINGS.get(word), _SPELLED_BACK.get(word)) if other]
    if len(word) >= 5:
        for british, american in _SUFFIXES:
            for have, other in ((american, british), (british, american)):
                if word.endswith(have) and len(word) - len(have) >= 3:
                    found.append(word[:-len(have)] + other)
    return [other for other in dict.fromkeys(found) if other != word]


def rephrase(words: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Query WORDS (text_words) with PHRASES read as the HS's word: "second hand" -> "used"."""
    out: list[tuple[str, int]] = []
    at = 0
    while at < len(words):
        for size in (2, 1):
            phrase = PHRASES.get(tuple(word for word, _ in words[at:at + size]))
            if phrase and at + size <= len(words):
                out.append((phrase, words[at][1]))
                at += size
                break
        else:
            out.append(words[at])
            at += 1
    return out
